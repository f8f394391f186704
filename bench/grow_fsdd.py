#!/usr/bin/python3
"""Grows a Speech-Commands-sized set from the spoken digits, for the scaling measurements of
docs/benchmarks.md ("Data at scale"): N one-second 16-bit clips at --rate Hz in <digit>/ folders,
each a recording of ../shared/data/fsdd resampled with a random speed (0.9-1.1), placed at a random
offset in the second, scaled by a random gain (-12..+6 dB) and mixed with white noise at a random
SNR (10-40 dB). Seeded; the same arguments give the same files. Names keep the speaker as the group
({digit}_{speaker}_{n}.wav) so every split and cross-validation of the original works on it.

  /usr/bin/python3 bench/grow_fsdd.py --out /tmp/fsdd100k --clips 100000 --rate 16000

Debian's numpy/scipy/soundfile (python3-numpy python3-scipy python3-soundfile).
"""
import argparse
import os
import sys
from multiprocessing import Pool

import numpy as np
import soundfile as sf
from scipy.signal import resample

HERE = os.path.dirname(os.path.abspath(__file__))
FSDD = os.path.join(HERE, "..", "..", "shared", "data", "fsdd", "recordings")


def sources():
    names = sorted(n for n in os.listdir(FSDD) if n.endswith(".wav"))
    if len(names) != 2500:
        sys.exit(f"expected 2,500 recordings in {FSDD}, found {len(names)}")
    return names


def make(args):
    start, stop, out, rate, seed = args
    names = sources()
    cache = {}
    for k in range(start, stop):
        rng = np.random.default_rng([seed, k])
        name = names[k % len(names)]
        if name not in cache:
            x, sr = sf.read(os.path.join(FSDD, name), dtype="float32")
            cache[name] = (x if x.ndim == 1 else x.mean(axis=1), sr)
        x, sr = cache[name]
        speed = rng.uniform(0.9, 1.1)
        # Playing speed s: resample from sr*s to rate (FFT resampling: exact for these short clips, and fast).
        y = resample(x, max(1, int(round(len(x) * rate / (sr * speed))))).astype(np.float32)[:rate]
        clip = np.zeros(rate, np.float32)
        off = int(rng.integers(0, rate - len(y) + 1))
        clip[off:off + len(y)] = y
        clip *= np.float32(10 ** (rng.uniform(-12, 6) / 20))
        rms = float(np.sqrt(np.mean(clip ** 2))) + 1e-9
        clip += rng.standard_normal(rate).astype(np.float32) * np.float32(rms / 10 ** (rng.uniform(10, 40) / 20))
        digit, speaker, _ = name[:-4].split("_")
        d = os.path.join(out, digit)
        os.makedirs(d, exist_ok=True)
        sf.write(os.path.join(d, f"{digit}_{speaker}_{k}.wav"), np.clip(clip, -1, 1), rate, subtype="PCM_16")
    return stop - start


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--clips", type=int, default=25000)
    p.add_argument("--rate", type=int, default=16000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", type=int, default=os.cpu_count())
    a = p.parse_args()
    if os.path.exists(a.out) and os.listdir(a.out):
        sys.exit(f"{a.out} exists and is not empty")
    step = 1000
    work = [(s, min(a.clips, s + step), a.out, a.rate, a.seed) for s in range(0, a.clips, step)]
    with Pool(a.jobs) as pool:
        done = 0
        for n in pool.imap_unordered(make, work):
            done += n
            print(f"\r{done}/{a.clips}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


if __name__ == "__main__":
    main()
