#!/usr/bin/python3
"""Reference values computed by PyTorch and torchaudio for Cochlea's parity tests.

Run from the repository root with Debian's Python (apt-get install python3-torch python3-torchaudio):
    /usr/bin/python3 reference/make_golden.py
Writes, into cochlea-core/src/test/resources/reference/:
    nn.json + nn.safetensors          PyTorch ops, layers, losses and the tutorial's CIFAR-10 model
    audio.json + audio.safetensors    torchaudio transforms of four synthetic signals
    audio_<signal>.wav                those signals as 16-bit WAV files (torchaudio.load gives the inputs)
read by cochlea-core/src/test/java/dev/cochlea/testing/Golden.java.

Each JSON lists cases. A case has a name, an op, the PyTorch call that produced its numbers ("call"),
its parameters, and the safetensors keys of its inputs, outputs and, where it has them, the upstream
gradient fed to backward ("grad_output") and the resulting gradients ("grads"). Cases may share a
key (the audio cases of one signal read one waveform). Float tensors are float32, except the CIFAR
model's start weights and input, which are float16 values (rounded before the model sees them, so
nothing is lost) stored as F16 to halve the file; class targets are int64.

The audio signals are made here from seeded formulas (no recordings are needed or committed):
harmonic tones with vibrato plus noise at 8 kHz and 16 kHz, an exponential chirp and an irregular
click train at 8 kHz, each quantized to 16 bits like a recording.
"""
import json
import os
import platform
import struct
import sys
import wave

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchaudio

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "cochlea-core", "src", "test", "resources", "reference")
COMMAND = "/usr/bin/python3 reference/make_golden.py"
DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.int64: "I64"}
# Training cases keep every FINAL_STRIDE-th element of each final weight (flattened), 7 being
# coprime with every dimension of the model, so that each tensor is checked across its extent.
FINAL_STRIDE = 7


def save_safetensors(path, tensors):
    """Minimal safetensors writer: 8-byte header length, JSON header, raw little-endian data."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        raw = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


def versions():
    return {"torch": torch.__version__, "torchaudio": torchaudio.__version__, "numpy": np.__version__,
            "python": platform.python_version()}


class Book:
    """Collects tensors and case descriptions for one suite."""

    def __init__(self):
        self.tensors, self.cases = {}, []

    def put(self, key, t):
        """Stores t under key; a string instead of a tensor names a key stored before."""
        if isinstance(t, str):
            assert t in self.tensors, t
            return t
        assert key not in self.tensors, key
        self.tensors[key] = t.detach().clone()
        return key

    def case(self, name, op, call, params, inputs, outputs, grad_output=None, grads=None):
        c = {"name": name, "op": op, "call": call, "params": params,
             "inputs": {k: self.put(f"{name}.in.{k}", v) for k, v in inputs.items()},
             "outputs": {k: self.put(f"{name}.out.{k}", v) for k, v in outputs.items()}}
        if grad_output is not None:
            c["grad_output"] = self.put(f"{name}.grad_output", grad_output)
            c["grads"] = {k: self.put(f"{name}.grad.{k}", v) for k, v in grads.items()}
        self.cases.append(c)

    def save(self, stem, note):
        save_safetensors(os.path.join(OUT, stem + ".safetensors"), self.tensors)
        head = {"generated_by": f"torch {torch.__version__}, torchaudio {torchaudio.__version__}",
                "versions": versions(), "command": COMMAND, "note": note}
        # One case per line: compact, and a regeneration diffs case by case.
        with open(os.path.join(OUT, stem + ".json"), "w") as f:
            f.write(json.dumps(head)[:-1] + ', "cases": [\n')
            f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in self.cases))
            f.write("\n]}\n")


def kwargs(p):
    return ", ".join(f"{k}={v!r}" for k, v in p.items())


def grad_case(book, name, op, call, params, fn, **inputs):
    """Forward fn on inputs, backward a random upstream gradient, record all."""
    leaves = {k: v.clone().requires_grad_(v.is_floating_point()) for k, v in inputs.items()}
    out = fn(**leaves)
    g = torch.randn_like(out)
    out.backward(g)
    grads = {k: v.grad for k, v in leaves.items() if v.grad is not None}
    book.case(name, op, call, params, inputs, {"output": out}, g, grads)


def half_exact(t):
    """t rounded to float16 values (kept float32 for the computation, stored as F16)."""
    return t.detach().half().float()


# ---------------------------------------------------------------------------------------- nn

def nn_suite():
    torch.manual_seed(1234)
    b = Book()
    r = torch.randn

    grad_case(b, "linear", "linear", "F.linear(input, weight, bias)", {},
              lambda input, weight, bias: F.linear(input, weight, bias),
              input=r(4, 7), weight=r(5, 7), bias=r(5))
    grad_case(b, "matmul_batched", "matmul", "torch.matmul(a, b_)", {}, lambda a, b_: a @ b_, a=r(3, 4, 6), b_=r(6, 5))

    conv1d = [("conv1d_basic", dict(stride=1, padding=0, dilation=1, groups=1), (2, 3, 20), (4, 3, 5)),
              ("conv1d_s2_p1_d2", dict(stride=2, padding=1, dilation=2, groups=1), (2, 3, 20), (4, 3, 5)),
              ("conv1d_depthwise", dict(stride=1, padding=2, dilation=1, groups=3), (2, 3, 16), (6, 1, 5))]
    for name, p, xs, ws in conv1d:
        grad_case(b, name, "conv1d", f"F.conv1d(input, weight, bias, {kwargs(p)})", p,
                  lambda input, weight, bias, p=p: F.conv1d(input, weight, bias, **p),
                  input=r(*xs), weight=r(*ws), bias=r(ws[0]))

    conv2d = [("conv2d_basic", dict(stride=[1, 1], padding=[1, 1], dilation=[1, 1], groups=1), (2, 3, 9, 11), (5, 3, 3, 3)),
              ("conv2d_tutorial_5x5_k2", dict(stride=[1, 1], padding=[0, 0], dilation=[1, 1], groups=1), (1, 1, 5, 5), (1, 1, 2, 2)),
              ("conv2d_asym", dict(stride=[2, 1], padding=[0, 2], dilation=[1, 2], groups=1), (2, 3, 10, 9), (4, 3, 3, 2)),
              ("conv2d_groups2", dict(stride=[1, 1], padding=[1, 1], dilation=[1, 1], groups=2), (2, 4, 7, 7), (6, 2, 3, 3)),
              ("conv2d_cifar_5x5_p2", dict(stride=[1, 1], padding=[2, 2], dilation=[1, 1], groups=1), (2, 3, 16, 16), (8, 3, 5, 5))]
    for name, p, xs, ws in conv2d:
        grad_case(b, name, "conv2d", f"F.conv2d(input, weight, bias, {kwargs(p)})", p,
                  lambda input, weight, bias, p=p: F.conv2d(input, weight, bias, **p),
                  input=r(*xs), weight=r(*ws), bias=r(ws[0]))

    grad_case(b, "conv3d_basic", "conv3d", "F.conv3d(input, weight, bias, padding=1)",
              dict(stride=[1, 1, 1], padding=[1, 1, 1], dilation=[1, 1, 1], groups=1),
              lambda input, weight, bias: F.conv3d(input, weight, bias, padding=1),
              input=r(1, 2, 5, 6, 7), weight=r(3, 2, 3, 3, 3), bias=r(3))

    grad_case(b, "conv_transpose2d", "conv_transpose2d",
              "F.conv_transpose2d(input, weight, bias, stride=2, padding=1, output_padding=1)",
              dict(stride=[2, 2], padding=[1, 1], output_padding=[1, 1], dilation=[1, 1], groups=1),
              lambda input, weight, bias: F.conv_transpose2d(input, weight, bias, stride=2, padding=1, output_padding=1),
              input=r(2, 4, 5, 5), weight=r(4, 3, 3, 3), bias=r(3))
    grad_case(b, "conv_transpose1d", "conv_transpose1d", "F.conv_transpose1d(input, weight, bias, stride=3)",
              dict(stride=3, padding=0, output_padding=0, dilation=1, groups=1),
              lambda input, weight, bias: F.conv_transpose1d(input, weight, bias, stride=3),
              input=r(2, 3, 6), weight=r(3, 2, 4), bias=r(2))

    pools = [("max_pool2d_k2", "max_pool2d", dict(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0], dilation=[1, 1], ceil_mode=False), (2, 3, 8, 8)),
             ("max_pool2d_k3_s2_p1", "max_pool2d", dict(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], dilation=[1, 1], ceil_mode=False), (2, 3, 9, 10)),
             ("max_pool2d_ceil", "max_pool2d", dict(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0], dilation=[1, 1], ceil_mode=True), (1, 2, 7, 5)),
             ("avg_pool2d_incl", "avg_pool2d", dict(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], ceil_mode=False, count_include_pad=True), (2, 3, 9, 10)),
             ("avg_pool2d_excl", "avg_pool2d", dict(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], ceil_mode=False, count_include_pad=False), (2, 3, 9, 10)),
             ("max_pool1d", "max_pool1d", dict(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False), (2, 3, 15)),
             ("avg_pool1d", "avg_pool1d", dict(kernel_size=4, stride=4, padding=0, ceil_mode=False, count_include_pad=True), (2, 3, 16))]
    for name, op, p, xs in pools:
        fn = getattr(F, op)
        grad_case(b, name, op, f"F.{op}(input, {kwargs(p)})", p, lambda input, fn=fn, p=p: fn(input, **p), input=r(*xs))
    for size in ([1, 1], [3, 4]):
        grad_case(b, f"adaptive_avg_pool2d_{size[0]}x{size[1]}", "adaptive_avg_pool2d",
                  f"F.adaptive_avg_pool2d(input, {size!r})", dict(output_size=size),
                  lambda input, size=size: F.adaptive_avg_pool2d(input, size), input=r(2, 3, 7, 9))

    acts = {"relu": (F.relu, "F.relu(input)"), "tanh": (torch.tanh, "torch.tanh(input)"),
            "sigmoid": (torch.sigmoid, "torch.sigmoid(input)"), "gelu": (F.gelu, "F.gelu(input)"),
            "leaky_relu": (lambda x: F.leaky_relu(x, 0.01), "F.leaky_relu(input, 0.01)"), "elu": (F.elu, "F.elu(input)"),
            "softmax": (lambda x: F.softmax(x, dim=1), "F.softmax(input, dim=1)"),
            "log_softmax": (lambda x: F.log_softmax(x, dim=1), "F.log_softmax(input, dim=1)")}
    for name, (fn, call) in acts.items():
        p = {"dim": 1} if "softmax" in name else ({"negative_slope": 0.01} if name == "leaky_relu" else {})
        grad_case(b, name, name, call, p, lambda input, fn=fn: fn(input), input=r(3, 5, 4) * 3)

    logits, target = r(6, 10), torch.randint(0, 10, (6,))
    for name, fn, call in [("cross_entropy", F.cross_entropy, "F.cross_entropy(input, target)"),
                           ("nll_loss", lambda x, t: F.nll_loss(F.log_softmax(x, 1), t), "F.nll_loss(F.log_softmax(input, 1), target)")]:
        x = logits.clone().requires_grad_(True)
        loss = fn(x, target)
        loss.backward()
        b.case(name, name, call + ".backward()", {"reduction": "mean"}, {"input": logits, "target": target}, {"output": loss},
               torch.ones(()), {"input": x.grad})
    x, y = r(4, 3).requires_grad_(True), r(4, 3)
    loss = F.mse_loss(x, y)
    loss.backward()
    b.case("mse_loss", "mse_loss", "F.mse_loss(input, target).backward()", {"reduction": "mean"},
           {"input": x, "target": y}, {"output": loss}, torch.ones(()), {"input": x.grad})
    x, y = r(4, 3).requires_grad_(True), torch.randint(0, 2, (4, 3)).float()
    loss = F.binary_cross_entropy_with_logits(x, y)
    loss.backward()
    b.case("bce_with_logits", "binary_cross_entropy_with_logits", "F.binary_cross_entropy_with_logits(input, target).backward()",
           {"reduction": "mean"}, {"input": x, "target": y}, {"output": loss}, torch.ones(()), {"input": x.grad})

    bn = nn.BatchNorm2d(3)
    with torch.no_grad():
        bn.weight.copy_(r(3)); bn.bias.copy_(r(3))
    x = r(4, 3, 5, 5).requires_grad_(True)
    out = bn(x)
    g = torch.randn_like(out)
    out.backward(g)
    b.case("batch_norm2d_train", "batch_norm2d", "nn.BatchNorm2d(3).train()(input).backward(grad_output)",
           {"training": True, "momentum": 0.1, "eps": 1e-5},
           {"input": x, "weight": bn.weight, "bias": bn.bias},
           {"output": out, "running_mean": bn.running_mean, "running_var": bn.running_var},
           g, {"input": x.grad, "weight": bn.weight.grad, "bias": bn.bias.grad})

    grad_case(b, "conv2d_same", "conv2d", "F.conv2d(input, weight, bias, padding='same', dilation=(2, 1))",
              dict(stride=[1, 1], padding="same", dilation=[2, 1], groups=1),
              lambda input, weight, bias: F.conv2d(input, weight, bias, padding="same", dilation=(2, 1)),
              input=r(2, 3, 8, 9), weight=r(4, 3, 3, 4), bias=r(4))
    grad_case(b, "layer_norm", "layer_norm", "F.layer_norm(input, [6], weight, bias)", {"normalized_shape": [6], "eps": 1e-5},
              lambda input, weight, bias: F.layer_norm(input, [6], weight, bias),
              input=r(3, 4, 6), weight=r(6), bias=r(6))

    # Recurrent layers; parameter keys follow PyTorch's names (weight_ih_l0, ..., ..._reverse).
    for name, make, call, params in [
            ("lstm_2layer", lambda: nn.LSTM(4, 6, num_layers=2, batch_first=True),
             "nn.LSTM(4, 6, num_layers=2, batch_first=True)(input)[0]",
             {"input_size": 4, "hidden_size": 6, "num_layers": 2, "batch_first": True, "bidirectional": False}),
            ("gru_bidirectional", lambda: nn.GRU(4, 5, num_layers=1, batch_first=True, bidirectional=True),
             "nn.GRU(4, 5, num_layers=1, batch_first=True, bidirectional=True)(input)[0]",
             {"input_size": 4, "hidden_size": 5, "num_layers": 1, "batch_first": True, "bidirectional": True}),
            ("rnn_tanh", lambda: nn.RNN(4, 3, batch_first=True), "nn.RNN(4, 3, batch_first=True)(input)[0]",
             {"input_size": 4, "hidden_size": 3, "num_layers": 1, "batch_first": True, "bidirectional": False,
              "nonlinearity": "tanh"})]:
        torch.manual_seed(99)
        rnn = make()
        x = r(3, 5, 4).requires_grad_(True)
        out, _ = rnn(x)
        g = torch.randn_like(out)
        out.backward(g)
        inputs = {"input": x}
        inputs.update({f"param.{k}": v for k, v in rnn.named_parameters()})
        grads = {"input": x.grad}
        grads.update({f"param.{k}": v.grad for k, v in rnn.named_parameters()})
        b.case(name, name.split("_")[0], call + ".backward(grad_output)", params, inputs, {"output": out}, g, grads)

    # The tutorial's CIFAR-10 model, built with nn.Sequential: one loss, all gradients,
    # then a few optimizer steps from the same start.
    def cifar_quick():
        return nn.Sequential(nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(2),
                             nn.Conv2d(32, 32, 5, padding=2), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 5, padding=2), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10))
    torch.manual_seed(7)
    model = cifar_quick()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(half_exact(p))
    start = {k: v.clone() for k, v in model.state_dict().items()}
    x, t = half_exact(r(8, 3, 32, 32)), torch.randint(0, 10, (8,))
    loss = F.cross_entropy(model(x), t)
    loss.backward()
    inputs = {"input": x.half(), "target": t}
    inputs.update({f"model.{k}": v.half() for k, v in start.items()})
    b.case("cifar_quick_grad", "model:cifar_quick", "F.cross_entropy(model(input), target).backward()",
           {"loss": "cross_entropy"}, inputs, {"loss": loss},
           torch.ones(()), {f"model.{k}": p.grad for k, p in model.named_parameters()})
    ones_out = model(torch.ones(64, 3, 32, 32))
    b.case("cifar_quick_ones_shape", "model:cifar_quick", "model(torch.ones(64, 3, 32, 32)).shape", {}, {},
           {"output_shape": torch.tensor(list(ones_out.shape))})

    for oname, make, call, params in [
            ("sgd_momentum", lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9),
             "torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)", {"lr": 0.01, "momentum": 0.9}),
            ("adam", lambda p: torch.optim.Adam(p, lr=1e-3),
             "torch.optim.Adam(model.parameters(), lr=1e-3)", {"lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8})]:
        model.load_state_dict(start)
        opt = make(model.parameters())
        losses = []
        for _ in range(5):
            opt.zero_grad()
            loss = F.cross_entropy(model(x), t)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        finals = {f"final.{k}": v.flatten()[::FINAL_STRIDE] for k, v in model.state_dict().items()}
        b.case(f"cifar_quick_{oname}_5steps", f"train:{oname}",
               f"opt = {call}; 5 x (opt.zero_grad(); F.cross_entropy(model(input), target).backward(); opt.step())",
               dict(params, inputs_from="cifar_quick_grad", final_stride=FINAL_STRIDE), {},
               {"losses": torch.tensor(losses), **finals})
    b.save("nn", "In calls, F is torch.nn.functional and nn torch.nn. The cifar_quick_* training cases start from the weights, input and target of cifar_quick_grad; "
                 "they record the loss before each of 5 steps and, of the weights after them, every "
                 "final_stride-th element of each tensor flattened (w.flatten()[::final_stride]). The model's start weights "
                 "and input are float16 values, stored as F16.")


# ---------------------------------------------------------------------------------------- audio

def quantize(x):
    """A float64 signal as a 16-bit recording would hold it: int16 samples."""
    return np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)


def harmonic_tone(sr, n, f0, seed):
    """Harmonics of f0 (amplitude 1/k, up to 0.45 sr) with 5.5 Hz vibrato of +-3%, an attack and decay, and noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / sr
    f = f0 * (1 + 0.03 * np.sin(2 * np.pi * 5.5 * t))
    phase = 2 * np.pi * np.cumsum(f) / sr
    x = sum(np.sin(k * phase + 0.7 * k) / k for k in range(1, int(0.45 * sr / (1.03 * f0)) + 1))
    env = np.minimum(1.0, t / 0.02) * np.exp(-t / 0.4)
    return 0.5 * env * x / np.max(np.abs(x)) + 0.01 * rng.standard_normal(n)


def chirp(sr, n, f_start, f_end, seed):
    """An exponential sweep from f_start to f_end Hz, amplitude 0.4, with noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / sr
    dur = n / sr
    k = np.log(f_end / f_start) / dur
    return 0.4 * np.sin(2 * np.pi * f_start * (np.exp(k * t) - 1) / k) + 0.005 * rng.standard_normal(n)


def click_train(sr, n, seed):
    """Clicks at irregular intervals (7.5 to 14 ms): each a 1 kHz ring decaying in 2 ms; and noise."""
    rng = np.random.default_rng(seed)
    x = 0.003 * rng.standard_normal(n)
    m = int(0.012 * sr)
    ring = np.exp(-np.arange(m) / (0.002 * sr)) * np.sin(2 * np.pi * 1000 * np.arange(m) / sr)
    pos = 5
    while pos < n:
        amp = rng.uniform(0.3, 0.8)
        x[pos] += amp
        end = min(n, pos + m)
        x[pos:end] += 0.5 * amp * ring[:end - pos]
        pos += int(rng.integers(int(0.0075 * sr), int(0.014 * sr)))
    return x


SIGNALS = [  # name, sample rate, samples, formula
    ("tone8k", 8000, 2000, "harmonic_tone(8000, 2000, f0=220, seed=1)", lambda: harmonic_tone(8000, 2000, 220, 1)),
    ("chirp8k", 8000, 1850, "chirp(8000, 1850, 80 -> 3800 Hz, seed=2)", lambda: chirp(8000, 1850, 80, 3800, 2)),
    ("clicks8k", 8000, 2100, "click_train(8000, 2100, seed=3)", lambda: click_train(8000, 2100, 3)),
    ("tone16k", 16000, 4000, "harmonic_tone(16000, 4000, f0=150, seed=4)", lambda: harmonic_tone(16000, 4000, 150, 4)),
]


def write_wav(path, samples, sr):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(samples.astype("<i2").tobytes())


def audio_suite():
    b = Book()
    T = torchaudio.transforms
    for sig, sr, n, formula, make in SIGNALS:
        fname = f"audio_{sig}.wav"
        write_wav(os.path.join(OUT, fname), quantize(make()), sr)
        wav, got_sr = torchaudio.load(os.path.join(OUT, fname))
        assert got_sr == sr and wav.shape == (1, n), (got_sr, wav.shape)
        wkey = b.put(f"{sig}.waveform", wav)
        b.case(f"{sig}.load", "load", f"torchaudio.load('{fname}')",
               {"file": fname, "sample_rate": sr, "signal": formula}, {}, {"waveform": wkey})

        spec = {"window": "hann", "center": True, "pad_mode": "reflect", "normalized": False}
        mel = {"center": True, "pad_mode": "reflect", "power": 2.0}
        configs = [
            ("spectrogram_power2", "spectrogram", "T.Spectrogram(n_fft=256, hop_length=128, power=2.0)",
             T.Spectrogram(n_fft=256, hop_length=128, power=2.0),
             {"n_fft": 256, "win_length": 256, "hop_length": 128, "power": 2.0, **spec}),
            ("spectrogram_magnitude_win200", "spectrogram", "T.Spectrogram(n_fft=256, win_length=200, hop_length=80, power=1.0)",
             T.Spectrogram(n_fft=256, win_length=200, hop_length=80, power=1.0),
             {"n_fft": 256, "win_length": 200, "hop_length": 80, "power": 1.0, **spec}),
            ("mel_htk", "mel", f"T.MelSpectrogram(sample_rate={sr}, n_fft=256, hop_length=128, n_mels=40)",
             T.MelSpectrogram(sample_rate=sr, n_fft=256, hop_length=128, n_mels=40),
             {"sample_rate": sr, "n_fft": 256, "win_length": 256, "hop_length": 128, "f_min": 0.0, "f_max": sr / 2,
              "n_mels": 40, "mel_scale": "htk", "norm": None, **mel}),
            ("mel_slaney", "mel", f"T.MelSpectrogram(sample_rate={sr}, n_fft=512, win_length=400, hop_length=160, f_min=20.0, "
                                  "f_max=4000.0, n_mels=64, mel_scale='slaney', norm='slaney')",
             T.MelSpectrogram(sample_rate=sr, n_fft=512, win_length=400, hop_length=160, f_min=20.0, f_max=4000.0,
                              n_mels=64, mel_scale="slaney", norm="slaney"),
             {"sample_rate": sr, "n_fft": 512, "win_length": 400, "hop_length": 160, "f_min": 20.0, "f_max": 4000.0,
              "n_mels": 64, "mel_scale": "slaney", "norm": "slaney", **mel}),
            ("mfcc", "mfcc", f"T.MFCC(sample_rate={sr}, n_mfcc=13, melkwargs={{'n_fft': 256, 'hop_length': 128, 'n_mels': 40}})",
             T.MFCC(sample_rate=sr, n_mfcc=13, melkwargs={"n_fft": 256, "hop_length": 128, "n_mels": 40}),
             {"sample_rate": sr, "n_mfcc": 13, "dct_type": 2, "norm": "ortho", "log_mels": False, "top_db": 80.0,
              "n_fft": 256, "hop_length": 128, "n_mels": 40}),
        ]
        targets = [16000, 11025] if sr == 8000 else [8000, 11025]
        for new in targets:
            configs.append((f"resample_{sr // 1000}k_{new // 1000}k" if new % 1000 == 0 else f"resample_{sr // 1000}k_{new}",
                            "resample", f"T.Resample({sr}, {new})", T.Resample(sr, new),
                            {"orig_freq": sr, "new_freq": new, "resampling_method": "sinc_interp_hann",
                             "lowpass_filter_width": 6, "rolloff": 0.99}))
        power = None
        for cname, op, call, transform, params in configs:
            out = transform(wav)
            if cname == "spectrogram_power2":
                power = b.put(f"{sig}.{cname}.out.output", out)
                out = power
            b.case(f"{sig}.{cname}", op, call + "(waveform)", dict(params, signal=sig), {"waveform": wkey}, {"output": out})
        b.case(f"{sig}.amplitude_to_db", "amplitude_to_db", "T.AmplitudeToDB(stype='power', top_db=80.0)(spectrogram_power2)",
               {"stype": "power", "top_db": 80.0, "multiplier": 10.0, "amin": 1e-10, "ref_value": 1.0, "signal": sig},
               {"input": power}, {"output": T.AmplitudeToDB(stype="power", top_db=80.0)(b.tensors[power])})
        st = torch.stft(wav[0], n_fft=256, hop_length=64, window=torch.hann_window(256), center=True,
                        pad_mode="reflect", return_complex=True)
        b.case(f"{sig}.stft", "stft", "torch.stft(waveform[0], n_fft=256, hop_length=64, window=torch.hann_window(256), "
                                      "center=True, pad_mode='reflect', return_complex=True)",
               {"n_fft": 256, "hop_length": 64, "win_length": 256, "window": "hann", "center": True, "pad_mode": "reflect",
                "onesided": True, "signal": sig},
               {"waveform": wkey}, {"real": st.real.contiguous(), "imag": st.imag.contiguous()})
    b.save("audio", "Signals are synthetic (reference/make_golden.py: harmonic_tone, chirp, click_train), quantized "
                    "to 16 bits and written as audio_<signal>.wav; waveforms are torchaudio.load of those files "
                    "(int16 samples / 32768, shape [1, samples]); T is torchaudio.transforms. "
                    "Window 'hann' is periodic (torch.hann_window default).")


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    nn_suite()
    audio_suite()
    for name in sorted(os.listdir(OUT)):
        if name.startswith(("nn.", "audio")):
            print(f"wrote {os.path.relpath(os.path.join(OUT, name), ROOT)} ({os.path.getsize(os.path.join(OUT, name))} bytes)")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit(f"usage: {COMMAND} (no arguments; writes into {os.path.relpath(OUT, ROOT)})")
    main()
