#!/usr/bin/env python3
"""PyTorch side of bench/LayerBench.java models: the keyword-spotting models (BC-ResNet, TC-ResNet, from
reference/make_kws_reference.py) and the main job's CNN on [batch, 1, 40, 63]: median training step
(zero_grad, forward, cross entropy, backward, Adam) and inference pass, ms.

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
        /usr/bin/python3 bench/kws_models_torch.py --threads 1
"""
import argparse
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "reference"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_kws_reference import BCResNets, TCResNet  # noqa: E402
from audio_cnn_torch import millis, model as audio_cnn  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    models = {"cnn": lambda: audio_cnn(10), "bcresnet-1": lambda: BCResNets(8, 10), "bcresnet-3": lambda: BCResNets(24, 10),
              "tcresnet8": lambda: TCResNet(40, 10)}
    x = torch.randn(a.batch, 1, 40, 63)
    y = torch.randint(0, 10, (a.batch,))
    for name, make in models.items():
        m = make()
        opt = torch.optim.Adam(m.parameters(), 1e-3)
        loss_fn = nn.CrossEntropyLoss()

        def step():
            opt.zero_grad()
            loss_fn(m(x), y).backward()
            opt.step()

        m.train()
        train = millis(step)
        m.eval()
        with torch.no_grad():
            infer = millis(lambda: m(x))
        print(f"torch {torch.__version__} {name:<12} batch {a.batch}, {a.threads} thread(s): "
              f"training step {train:7.2f} ms, inference {infer:6.2f} ms")


if __name__ == "__main__":
    main()
