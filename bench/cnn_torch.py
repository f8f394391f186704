#!/usr/bin/python3
"""Samples/s of a training step and an inference pass in PyTorch, for the models of `cochlea bench cnn`.

The CIFAR-10 CNN on [batch, 3, 32, 32] and the MLP 1280->256->10; a training step is zero_grad (to None),
forward, cross entropy, backward and an SGD step (lr 0.01, momentum 0.9); inference runs model.eval()
under torch.no_grad(). Each point is warmed up, then timed in several windows and the median printed as
  {"bench":"cnn","model":"cifar","step":"train","batch":64,"threads":T,"samples_per_s":S,"impl":"torch"}
(with "gomp_spincount" added when GOMP_SPINCOUNT is set in the environment).

torch.set_num_threads() does not limit Debian's OpenBLAS: run one process per thread count with
OMP_NUM_THREADS and OPENBLAS_NUM_THREADS set to it (bench/cnn_compare.sh does that).

  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/cnn_torch.py --threads 1
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def cifar_model():
    return nn.Sequential(
        nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 5, padding=2), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding=2), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(1024, 64),
        nn.Linear(64, 10))


def mlp_model():
    return nn.Sequential(nn.Linear(1280, 256), nn.ReLU(), nn.Linear(256, 10))


MODELS = {"cifar": (cifar_model, (3, 32, 32)), "mlp": (mlp_model, (1280,))}


def train_step(model, x, y):
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    return step


def infer_step(model, x):
    model.eval()

    def step():
        with torch.no_grad():
            model(x)
    return step


def measure(step, batch, warmup, seconds, reps):
    t0 = time.perf_counter()
    calls = 0
    while time.perf_counter() - t0 < warmup or calls < 3:
        step()
        calls += 1
    c0 = time.perf_counter()
    probe = 0
    while time.perf_counter() - c0 < 0.1 and probe < 50:
        step()
        probe += 1
    per_call = (time.perf_counter() - c0) / probe
    per_rep = max(1, round(seconds / reps / per_call))
    rates = []
    for _ in range(reps):
        s = time.perf_counter()
        for _ in range(per_rep):
            step()
        rates.append(batch * per_rep / (time.perf_counter() - s))
    return statistics.median(rates)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=None,
                    help="thread count for torch.set_num_threads (default: OMP_NUM_THREADS, else torch's default)")
    ap.add_argument("--models", default="cifar,mlp", help="comma-separated: cifar, mlp (default: %(default)s)")
    ap.add_argument("--steps", default="train,infer", help="comma-separated: train, infer (default: %(default)s)")
    ap.add_argument("--batch", type=int, default=64, help="batch size (default: %(default)s)")
    ap.add_argument("--warmup", type=float, default=5.0, help="warm-up seconds per point (default: %(default)s)")
    ap.add_argument("--seconds", type=float, default=2.0, help="timed seconds per point (default: %(default)s)")
    ap.add_argument("--reps", type=int, default=7, help="timed windows per point (default: %(default)s)")
    args = ap.parse_args()

    threads = args.threads
    env = os.environ.get("OMP_NUM_THREADS")
    if threads is None:
        threads = int(env) if env else torch.get_num_threads()
    else:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
            v = os.environ.get(var)
            if v and int(v) != threads:
                print(f"cnn_torch.py: warning: --threads {threads} but {var}={v}", file=sys.stderr)
    torch.set_num_threads(threads)
    spin = os.environ.get("GOMP_SPINCOUNT")
    print(f"cnn_torch.py: torch {torch.__version__}, {threads} thread(s), "
          f"GOMP_SPINCOUNT={spin if spin is not None else '(default)'}", file=sys.stderr)
    for name in args.models.split(","):
        name = name.strip()
        if name not in MODELS:
            raise SystemExit(f"cnn_torch.py: unknown model '{name}' (cifar or mlp)")
        for step_name in args.steps.split(","):
            step_name = step_name.strip()
            torch.manual_seed(0)
            ctor, shape = MODELS[name]
            model = ctor()
            g = torch.Generator().manual_seed(1)
            x = torch.randn((args.batch,) + shape, generator=g)
            y = torch.randint(0, 10, (args.batch,), generator=g)
            if step_name == "train":
                step = train_step(model, x, y)
            elif step_name == "infer":
                step = infer_step(model, x)
            else:
                raise SystemExit(f"cnn_torch.py: unknown step '{step_name}' (train or infer)")
            rate = measure(step, args.batch, args.warmup, args.seconds, args.reps)
            rec = {"bench": "cnn", "model": name, "step": step_name, "batch": args.batch, "threads": threads,
                   "samples_per_s": round(rate, 1), "impl": "torch"}
            if spin is not None:
                rec["gomp_spincount"] = spin
            print(json.dumps(rec, separators=(",", ":")), flush=True)


if __name__ == "__main__":
    main()
