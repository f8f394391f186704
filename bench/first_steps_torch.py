#!/usr/bin/env python3
"""The PyTorch side of bench/FirstSteps.java: the main job's model (bench/audio_cnn_torch.py), the time
the first training step ended (epoch seconds), its length and the mean step of each 100-ms window after.
Run with Debian's /usr/bin/python3 and the thread count in OMP_NUM_THREADS / OPENBLAS_NUM_THREADS."""
import json
import sys
import time

import torch
import torch.nn.functional as F

from audio_cnn_torch import model


def main():
    threads, batch, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    m = model(10)
    x = torch.randn(batch, 1, 40, 63)
    y = torch.randint(0, 10, (batch,))
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)

    def step():
        opt.zero_grad()
        F.cross_entropy(m(x), y).backward()
        opt.step()

    t0 = time.perf_counter()
    step()
    t1 = time.perf_counter()
    first_end = time.time()
    windows, w0, n, end = [], t1, 0, t1 + seconds
    while True:
        step()
        n += 1
        now = time.perf_counter()
        if now - w0 >= 0.1:
            windows.append(round((now - w0) * 1e3 / n, 3))
            w0, n = now, 0
            if now >= end:
                break
    print(json.dumps({"impl": "torch", "version": torch.__version__, "threads": threads, "batch": batch,
                      "first_step_end": round(first_end, 3), "first_step_ms": round((t1 - t0) * 1e3, 1),
                      "window_ms": windows}))


if __name__ == "__main__":
    main()
