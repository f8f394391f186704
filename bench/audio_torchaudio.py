#!/usr/bin/python3
"""The audio front-end benchmark of `cochlea bench audio`, with torchaudio, as JSON lines.

For every WAV file in a folder (default: ../shared/data/fsdd/recordings): torchaudio.load, then
MelSpectrogram(sample_rate=8000, n_fft=256, hop_length=128, n_mels=40) and
AmplitudeToDB(stype="power", top_db=80). First on one thread, then with clips in parallel on all
cores (one worker process per core, each on one thread: torch ops on small clips do not scale by
intra-op threads, and Python threads would share the GIL). Reading is included in the timing.
Each setting is warmed up, timed several times, and the median clips/s is printed as
  {"bench":"audio","impl":"torchaudio","threads":T,"clips":N,"clips_per_s":R}
with, for one thread, "cpu_clips_per_s": clips per second of process CPU time (what
`cochlea bench audio` also prints), which a busy machine disturbs much less than wall-clock time.

Run with one thread per process, as the Java benchmark does, and with OpenBLAS (Debian's torch
uses whatever libblas.so.3 the system points at, possibly the slow reference BLAS; the mel filter
bank is a matrix product):
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
      /usr/bin/python3 bench/audio_torchaudio.py
"""
import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import torch
import torchaudio

_PIPELINE = None


def pipeline():
    global _PIPELINE
    if _PIPELINE is None:
        torch.set_num_threads(1)
        _PIPELINE = (torchaudio.transforms.MelSpectrogram(sample_rate=8000, n_fft=256, hop_length=128, n_mels=40),
                     torchaudio.transforms.AmplitudeToDB(stype="power", top_db=80.0))
    return _PIPELINE


def run_files(files):
    mel, db = pipeline()
    sink = 0.0
    with torch.inference_mode():
        for f in files:
            wav, sr = torchaudio.load(f)
            out = db(mel(wav))
            sink += float(out[0, 0, 0])
    return sink


def measure(files, workers, runs, warmups):
    """Clips per wall-clock second of each timed run, and per process CPU second (one worker only)."""
    rates, cpu_rates = [], []
    if workers == 1:
        for r in range(warmups + runs):
            c0 = time.process_time()
            t0 = time.perf_counter()
            run_files(files)
            dt = time.perf_counter() - t0
            dc = time.process_time() - c0
            if r >= warmups:
                rates.append(len(files) / dt)
                cpu_rates.append(len(files) / dc)
        return rates, cpu_rates
    chunks = [files[i::workers * 8] for i in range(workers * 8)]
    with mp.get_context("fork").Pool(workers, initializer=pipeline) as pool:
        for r in range(warmups + runs):
            t0 = time.perf_counter()
            pool.map(run_files, chunks, chunksize=1)
            dt = time.perf_counter() - t0
            if r >= warmups:
                rates.append(len(files) / dt)
    return rates, cpu_rates


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data", "fsdd", "recordings"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmups", type=int, default=2)
    ap.add_argument("--threads", default=None, help="comma-separated worker counts (default: 1 and all cores)")
    args = ap.parse_args()
    files = sorted(os.path.join(args.data, f) for f in os.listdir(args.data) if f.lower().endswith(".wav"))
    if not files:
        sys.exit(f"no .wav files in {args.data}")
    cores = os.cpu_count() or 1
    counts = [int(t) for t in args.threads.split(",")] if args.threads else ([1, cores] if cores > 1 else [1])
    torch.set_num_threads(1)
    for t in counts:
        rates, cpu_rates = measure(files, t, args.runs, args.warmups)
        result = {"bench": "audio", "impl": "torchaudio", "threads": t, "clips": len(files),
                  "clips_per_s": round(statistics.median(rates), 1)}
        if cpu_rates:
            result["cpu_clips_per_s"] = round(statistics.median(cpu_rates), 1)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
