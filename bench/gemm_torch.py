#!/usr/bin/python3
"""GEMM GFLOP/s of torch.matmul for the shapes of `cochlea bench gemm`, as JSON lines.

C[MxN] = A[MxK] @ B[KxN] in float32; each point is warmed up, then timed in several repetitions of
about 0.1 s, and the median is printed as
  {"bench":"gemm","m":M,"k":K,"n":N,"threads":T,"kernel":"torch","gflops":G}

Debian's PyTorch uses OpenBLAS, whose thread count torch.set_num_threads() does not limit: run this
script with OPENBLAS_NUM_THREADS and OMP_NUM_THREADS set to the thread count you pass with --threads
(bench/gemm_compare.sh does that).

  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 bench/gemm_torch.py --threads 1
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

DEFAULT_SHAPES = "256,512,1024,32x75x65536,32x800x16384,64x800x4096"


def parse_shape(s):
    p = s.strip().lower().split("x")
    if len(p) == 1:
        d = int(p[0])
        return d, d, d
    if len(p) == 3:
        return int(p[0]), int(p[1]), int(p[2])
    raise SystemExit(f"gemm_torch.py: bad shape '{s}': expected MxKxN or a single size")


def measure(a, b, c, flops, seconds, reps):
    # Warm up and calibrate the number of products per repetition.
    t0 = time.perf_counter()
    calls = 0
    while True:
        torch.matmul(a, b, out=c)
        calls += 1
        if time.perf_counter() - t0 >= 0.15 and calls >= 2:
            break
    per_call = (time.perf_counter() - t0) / calls
    per_rep = max(1, round(seconds / reps / per_call))
    rates = []
    for _ in range(reps):
        s = time.perf_counter()
        for _ in range(per_rep):
            torch.matmul(a, b, out=c)
        rates.append(flops * per_rep / (time.perf_counter() - s) / 1e9)
    return statistics.median(rates)


def blas_in_use():
    """The BLAS shared library this process loaded (torch links libblas.so.3 through the system)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.rsplit("/", 1)[-1]}
        return ", ".join(sorted(libs)) or "unknown"
    except OSError:
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=None,
                    help="thread count to report and pass to torch.set_num_threads "
                         "(default: OPENBLAS_NUM_THREADS, else torch's default)")
    ap.add_argument("--shapes", default=DEFAULT_SHAPES, help="comma-separated MxKxN or N (default: %(default)s)")
    ap.add_argument("--seconds", type=float, default=0.6, help="timed seconds per point (default: %(default)s)")
    ap.add_argument("--reps", type=int, default=7, help="timed repetitions per point (default: %(default)s)")
    ap.add_argument("--trans", default="nn", choices=["nn", "nt", "tn", "tt"],
                    help="operands stored transposed, as in `cochlea bench gemm --trans` (default: nn)")
    args = ap.parse_args()

    threads = args.threads
    env = os.environ.get("OPENBLAS_NUM_THREADS")
    if threads is None:
        threads = int(env) if env else torch.get_num_threads()
    elif env and int(env) != threads:
        print(f"gemm_torch.py: warning: --threads {threads} but OPENBLAS_NUM_THREADS={env}; "
              "OpenBLAS follows the environment", file=sys.stderr)
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    torch.matmul(torch.ones(2, 2), torch.ones(2, 2))  # load the BLAS before reporting it
    print(f"gemm_torch.py: torch {torch.__version__}, {threads} thread(s), BLAS {blas_in_use()}", file=sys.stderr)
    for s in args.shapes.split(","):
        m, k, n = parse_shape(s)
        # Transposed operands are stored transposed and passed as transposed views, as Cochlea gets them.
        a = (torch.rand(k, m) * 2 - 1).t() if args.trans[0] == "t" else torch.rand(m, k) * 2 - 1
        b = (torch.rand(n, k) * 2 - 1).t() if args.trans[1] == "t" else torch.rand(k, n) * 2 - 1
        c = torch.empty(m, n)
        g = measure(a, b, c, 2.0 * m * k * n, args.seconds, args.reps)
        result = {"bench": "gemm", "m": m, "k": k, "n": n, "threads": threads, "kernel": "torch", "gflops": round(g, 2)}
        if args.trans != "nn":
            result["trans"] = args.trans
        print(json.dumps(result, separators=(",", ":")), flush=True)


if __name__ == "__main__":
    main()
