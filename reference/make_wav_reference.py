#!/usr/bin/python3
"""WAV encodings beyond plain PCM, read by libsndfile: the reference for WavVariantsTest.

Makes small telephony files with sox from one seeded 16-bit source (a tone with noise, sweeping the
whole range so that every G.711 segment is used), and writes what libsndfile (python3-soundfile)
reads from each, as float32, to cochlea-core/src/test/resources/reference/wav/wav.json.

    /usr/bin/python3 reference/make_wav_reference.py

Needs Debian's sox and python3-soundfile, python3-numpy.
"""
import json
import os
import subprocess
import sys

import numpy as np
import soundfile as sf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "cochlea-core", "src", "test", "resources", "reference", "wav")
FRAMES = 800


def source(path, channels):
    rng = np.random.default_rng(7 + channels)
    t = np.arange(FRAMES) / 8000.0
    ramp = np.linspace(0.001, 0.99, FRAMES)
    cols = [ramp * np.sin(2 * np.pi * (300 + 200 * c) * t) + 0.01 * rng.standard_normal(FRAMES) for c in range(channels)]
    x = np.clip(np.stack(cols, axis=1), -1, 1)
    sf.write(path, x, 8000, subtype="PCM_16")


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for channels in (1, 2):
        src = os.path.join(OUT, "source-%d.wav" % channels)
        source(src, channels)
        for enc, name in (("u-law", "mulaw"), ("a-law", "alaw")):
            f = "%s-%dch.wav" % (name, channels)
            subprocess.run(["sox", src, "-e", enc, "-b", "8", os.path.join(OUT, f)], check=True)
            data, rate = sf.read(os.path.join(OUT, f), dtype="float32", always_2d=True)
            info = sf.info(os.path.join(OUT, f))
            cases.append({"file": f, "rate": rate, "channels": int(data.shape[1]), "frames": int(data.shape[0]),
                          "subtype": info.subtype, "samples": [[float(v) for v in data[:, c]] for c in range(data.shape[1])]})
        os.remove(src)
    meta = {"generated_by": {"soundfile": sf.__version__, "libsndfile": sf.__libsndfile_version__, "numpy": np.__version__,
                             "python": sys.version.split()[0],
                             "sox": subprocess.run(["sox", "--version"], capture_output=True, text=True).stdout.strip()},
            "command": "/usr/bin/python3 reference/make_wav_reference.py",
            "call": "soundfile.read(file, dtype='float32', always_2d=True)",
            "cases": cases}
    with open(os.path.join(OUT, "wav.json"), "w") as fh:
        json.dump(meta, fh)
    print("wrote", len(cases), "cases")


if __name__ == "__main__":
    main()
