#!/usr/bin/python3
"""Reference values for dev.cochlea.audio.Pcen (PcenReferenceTest).

librosa is NOT available on this machine (Debian 12 has no python3-librosa package), so this
script implements librosa.pcen's formula itself, in numpy/scipy, line for line as librosa
0.8-0.10 computes it with max_size=1, ref=None, axis=-1:

    t_frames = time_constant * sr / hop_length
    b        = (sqrt(1 + 4 t_frames^2) - 1) / (2 t_frames^2)          (unless b is given)
    zi       = scipy.signal.lfilter_zi([b], [1, b - 1])                 (NOT scaled by S[..., 0])
    M, _     = scipy.signal.lfilter([b], [1, b - 1], S, zi=zi, axis=-1)
    smooth   = exp(-gain * (log(eps) + log1p(M / eps)))
    out      = log1p(S * smooth)                                   if power == 0
             = exp(power * (log(S) + log(smooth)))                 if bias == 0
             = bias**power * expm1(power * log1p(S * smooth / bias)) otherwise

librosa applies no input scaling (its documentation example multiplies by 2**31 itself); the
'input_scale' parameter below is applied before calling the formula, as Pcen.inputScale does.

Run:  /usr/bin/python3 reference/make_pcen_reference.py
Writes cochlea-core/src/test/resources/reference/pcen.json (float64 computation, values rounded to 9 significant digits).
"""
import json
import os
import platform

import numpy as np
import scipy
import scipy.signal


def pcen(S, sr=22050, hop_length=512, gain=0.98, bias=2.0, power=0.5, time_constant=0.400, eps=1e-6, b=None):
    if b is None:
        t_frames = time_constant * sr / float(hop_length)
        b = (np.sqrt(1 + 4 * t_frames**2) - 1) / (2 * t_frames**2)
    shape = tuple([1] * S.ndim)
    zi = np.empty(shape)
    zi[:] = scipy.signal.lfilter_zi([b], [1, b - 1])[:]
    S_smooth, _ = scipy.signal.lfilter([b], [1, b - 1], S, zi=zi, axis=-1)
    smooth = np.exp(-gain * (np.log(eps) + np.log1p(S_smooth / eps)))
    if power == 0:
        return np.log1p(S * smooth)
    if bias == 0:
        return np.exp(power * (np.log(S) + np.log(smooth)))
    return (bias**power) * np.expm1(power * np.log1p(S * smooth / bias))


def main():
    rng = np.random.default_rng(20171)
    n_mels, frames = 6, 32
    # a mel power spectrogram: a loud "word" in the middle of quiet background, float32 values
    env = np.concatenate([np.full(10, 1e-4), np.full(12, 1e-1), np.full(10, 1e-4)])
    S = (rng.exponential(1.0, size=(n_mels, frames)) * env[None, :] * np.logspace(0, -2, n_mels)[:, None]).astype(np.float32)
    cases = [
        ("librosa_defaults", dict(), 1.0),
        ("librosa_doc_scale_2_31", dict(), float(2**31)),
        ("kws_8k_hop128", dict(sr=8000, hop_length=128, gain=0.8, bias=10.0, power=0.25, time_constant=0.06), 1.0),
        ("power_zero_log", dict(sr=8000, hop_length=80, power=0.0), 1000.0),
        ("bias_zero", dict(sr=16000, hop_length=160, bias=0.0), 1000.0),
        ("explicit_b", dict(b=0.1, gain=0.5), 100.0),
    ]
    out_cases = []
    for name, params, scale in cases:
        # Pcen scales in float32 (x * (float) scale), so do the same here
        x = (S * np.float32(scale)).astype(np.float64)
        y = pcen(x, **params)
        out_cases.append({
            "name": name,
            "params": {**params, "input_scale": scale},
            "output": [[float("%.9g" % v) for v in row] for row in y],
        })
    doc = {
        "generator": "reference/make_pcen_reference.py (numpy/scipy implementation of librosa.pcen; librosa not installed)",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
        "command": "/usr/bin/python3 reference/make_pcen_reference.py",
        "input": [[float(v) for v in row] for row in S],
        "cases": out_cases,
    }
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "cochlea-core", "src", "test", "resources", "reference", "pcen.json")
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(path, root))


if __name__ == "__main__":
    main()
