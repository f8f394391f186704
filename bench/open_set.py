#!/usr/bin/python3
"""False accepts of `./cochlea predict --threshold`: how often a trained keyword model names a class
for sounds that are none of its classes, against how often it rejects real keywords.

Makes its own out-of-class clips (never used for training, only here):
  * words outside the classes, spoken by espeak-ng (several voices, 8 kHz mono 16-bit via sox),
  * noise: white, pink and brown noise, silence with hum, 1 s each, at several levels (numpy).
In-class clips are the test part of the spoken digits (takes 0-4, or one held-out speaker).

Runs `./cochlea predict RUN --json` once over everything (threshold 0, so every probability is
seen) and prints, for a range of thresholds: false-accept rate on words, on noise, false-reject
rate and accuracy on the in-class clips.

  /usr/bin/python3 bench/open_set.py runs/fsdd --data ../shared/data/fsdd/recordings [--speaker theo]

Needs espeak-ng and sox (apt-get install espeak-ng sox) and numpy.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import wave

import numpy as np

WORDS = ["hello", "yes", "stop", "go", "left", "right", "up", "down", "cat", "dog", "house", "water", "music", "table",
         "window", "seven hundred", "number", "okay", "cancel", "maybe"]
VOICES = ["en", "en-us", "en+f3", "en+m3", "en-gb-x-rp"]


def write_wav(path, x, sr=8000):
    x = np.clip(x, -1, 1)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes((x * 32767).astype("<i2").tobytes())


def make_clips(out):
    words, noise = os.path.join(out, "words"), os.path.join(out, "noise")
    os.makedirs(words, exist_ok=True)
    os.makedirs(noise, exist_ok=True)
    for wi, word in enumerate(WORDS):
        for vi, voice in enumerate(VOICES):
            dst = os.path.join(words, f"w{wi:02d}_{vi}.wav")
            if os.path.exists(dst):
                continue
            raw = dst + ".raw.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(140 + 10 * vi), "-w", raw, word], check=True)
            subprocess.run(["sox", raw, "-r", "8000", "-c", "1", "-b", "16", dst], check=True)
            os.remove(raw)
    rng = np.random.default_rng(0)
    n = 8000
    for level in (0.003, 0.01, 0.03, 0.1):
        for kind in ("white", "pink", "brown", "hum"):
            for rep in range(3):
                dst = os.path.join(noise, f"{kind}_{level}_{rep}.wav")
                if os.path.exists(dst):
                    continue
                w = rng.standard_normal(n)
                if kind == "white":
                    x = w
                elif kind == "pink":
                    f = np.fft.rfft(w)
                    f[1:] /= np.sqrt(np.arange(1, len(f)))
                    x = np.fft.irfft(f, n)
                elif kind == "brown":
                    x = np.cumsum(w)
                    x -= x.mean()
                else:
                    t = np.arange(n) / 8000
                    x = np.sin(2 * np.pi * 50 * t) + 0.3 * np.sin(2 * np.pi * 150 * t) + 0.05 * w
                write_wav(dst, level * x / (np.std(x) + 1e-9))
    return sorted(glob.glob(os.path.join(words, "*.wav"))), sorted(glob.glob(os.path.join(noise, "*.wav")))


def predict(root, run, files):
    out = subprocess.run([os.path.join(root, "cochlea"), "predict", run, "--json", "--top", "1"] + files,
                         capture_output=True, text=True, check=False)
    rows = [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]
    if len(rows) != len(files):
        sys.exit("predict answered %d of %d files:\n%s" % (len(rows), len(files), out.stderr[-2000:]))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("--data", default="../shared/data/fsdd/recordings")
    ap.add_argument("--speaker", help="in-class clips of this speaker (default: takes 0-4 of everyone)")
    ap.add_argument("--clips", default="/tmp/cochlea-open-set")
    ap.add_argument("--json")
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    words, noise = make_clips(a.clips)
    inclass = []
    for f in sorted(glob.glob(os.path.join(a.data, "*.wav"))):
        d, spk, take = os.path.basename(f)[:-4].split("_")
        if (a.speaker and spk == a.speaker) or (not a.speaker and int(take) <= 4):
            inclass.append((f, d))
    rows = predict(root, a.run, words + noise + [f for f, _ in inclass])
    pw = np.array([r["probability"] for r in rows[:len(words)]])
    pn = np.array([r["probability"] for r in rows[len(words):len(words) + len(noise)]])
    rest = rows[len(words) + len(noise):]
    pi = np.array([r["probability"] for r in rest])
    ok = np.array([r["label"] == d for r, (_, d) in zip(rest, inclass)])
    print(f"run {a.run}: {len(words)} out-of-class words, {len(noise)} noise clips, {len(inclass)} in-class clips")
    print("threshold  FA words  FA noise  FR in-class  accuracy of accepted")
    table = []
    for t in (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99):
        acc = pi >= t
        row = dict(threshold=t, fa_words=float((pw >= t).mean()), fa_noise=float((pn >= t).mean()),
                   fr=float(1 - acc.mean()), acc_accepted=float(ok[acc].mean()) if acc.any() else float("nan"))
        table.append(row)
        print("%9.2f  %7.1f%%  %7.1f%%  %10.1f%%  %6.1f%%" % (t, 100 * row["fa_words"], 100 * row["fa_noise"], 100 * row["fr"],
                                                         100 * row["acc_accepted"]))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(dict(run=a.run, words=len(words), noise=len(noise), inclass=len(inclass), table=table), fh, indent=1)


if __name__ == "__main__":
    main()
