#!/usr/bin/env python3
"""PyTorch side of bench/LayerBench.java audio-cnn: the main job's default CNN on [batch, 1, 40, 63].

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
        /usr/bin/python3 bench/audio_cnn_torch.py --threads 1
"""
import argparse
import math
import statistics
import time

import torch
from torch import nn


def model(classes=10):
    def block(i, o):
        return [nn.Conv2d(i, o, 3, 1, 1), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2)]
    return nn.Sequential(*block(1, 16), *block(16, 32), *block(32, 64), nn.AdaptiveAvgPool2d((4, 4)),
                         nn.Flatten(), nn.Dropout(0.3), nn.Linear(64 * 4 * 4, classes))


def millis(body):
    """Median ms of 9 windows (each at least 10 calls and 50 ms) after at least 40 calls and 2 s of warm-up,
    as bench/LayerBench.java does."""
    start, calls = time.perf_counter(), 0
    while calls < 40 or time.perf_counter() - start < 2.0:
        body()
        calls += 1
    n = max(10, math.ceil(50 / ((time.perf_counter() - start) * 1e3 / calls)))
    times = []
    for _ in range(9):
        t0 = time.perf_counter()
        for _ in range(n):
            body()
        times.append((time.perf_counter() - t0) * 1e3 / n)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    m = model()
    x = torch.randn(a.batch, 1, 40, 63)
    y = torch.randint(0, 10, (a.batch,))
    opt = torch.optim.Adam(m.parameters(), 1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def train():
        opt.zero_grad()
        loss_fn(m(x), y).backward()
        opt.step()

    train_ms = millis(train)
    m.eval()

    def infer():
        with torch.no_grad():
            m(x)

    infer_ms = millis(infer)
    print(f"torch {torch.__version__} main-job cnn, batch {a.batch}, {a.threads} thread(s): training step {train_ms:.2f} ms "
          f"({a.batch * 1e3 / train_ms:.0f} samples/s), inference {infer_ms:.2f} ms ({a.batch * 1e3 / infer_ms:.0f} samples/s)")


if __name__ == "__main__":
    main()
