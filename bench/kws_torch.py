#!/usr/bin/env python3
"""PyTorch reference for Cochlea's spoken-digit (keyword) task: leave-one-speaker-out (LOSO) accuracy
on the Free Spoken Digit Dataset (FSDD), with the strongest recipe we could put together on the same
features, so that Cochlea is compared against a serious baseline rather than a straw man.

What it does
------------
* Reads FSDD (``{digit}_{speaker}_{take}.wav``, 8 kHz mono, 5 speakers x 10 digits x 50 takes).
* Features, identical to Cochlea's (``FeatureConfig`` defaults): resample to 8 kHz, subtract each
  recording's mean (DC offset; ``--keep-dc`` turns it off, like Cochlea's), with ``--trim-db`` cut leading
  and trailing silence exactly as Cochlea's ``--trim-db`` does, zero-pad or trim the
  end to 8000 samples (1.0 s), torchaudio ``MelSpectrogram(sample_rate=8000, n_fft=256, hop_length=128,
  n_mels=40, f_min=0, f_max=4000, power=2, center=True, pad_mode="reflect", mel_scale="htk", norm=None)``
  then ``AmplitudeToDB("power", top_db=80)`` applied to a [batch, 1, 40, 63] tensor, so the 80 dB floor is
  taken per clip (a 3-D [batch, 40, 63] input would share one floor across the batch).
* Splits: ``--folds all`` runs LOSO (each speaker held out in turn, train on the other four);
  ``--folds nicolas,theo`` runs only those folds; ``--split official`` uses FSDD's official split
  (takes 0-4 of every speaker are the test set).
* Honest model selection: the test speaker never chooses anything. One of the four training speakers is
  held out as a speaker-disjoint validation set (fold i of the sorted speakers validates on the
  (i mod 4)-th of its sorted training speakers; override with ``--val-speaker``) and the epoch (or the
  EMA weights of that epoch) is chosen by validation accuracy only (``--select best``, the default; ties
  go to the later epoch) or the last epoch is used (``--select last``). With ``--refit`` the model is then
  retrained from scratch on all four training speakers with the same schedule and stopped at the chosen
  epoch. Validation and test accuracy are reported separately; the test accuracy of the last epoch is
  printed too, for information only. For ``--split official`` the validation set is takes 5-9 of every
  speaker (not speaker-disjoint: the official split is not either).
* Models (``--model``): ``cnn`` (Cochlea's default 3-block CNN), ``tcresnet8`` (TC-ResNet-8, Choi et al.
  2019, arXiv:1904.03814: mel bands as channels of a 1-D temporal convolution), ``bcresnet1`` /
  ``bcresnet3`` (BC-ResNet-1 / -3, Kim et al. 2021, arXiv:2106.04140, following Qualcomm's reference
  implementation: SubSpectralNorm with 5 sub-bands, stages of 2/2/4/4 blocks, dilations 1/2/4/8).
* Recipes (``--recipe``):
  - ``plain``: Cochlea's current default. Dataset-level per-band standardisation (training-part
    statistics), SpecAugment (one frequency mask < 5 bands, one time mask < 7 frames, torchaudio's
    ``mask_along_axis`` rule, a fresh mask per example, fill 0 = the mean), Adam lr 2e-3 cosine-annealed
    to 0 per epoch, batch 32, cross-entropy, 20 epochs.
  - ``strong``: on-the-fly waveform augmentation every epoch, in vectorised torch ops in the training
    process: speed perturbation (factor 0.90/0.95/1.00/1.05/1.10, band-limited sinc resampling, p=0.8),
    random time shift of +-100 ms with zero fill, synthetic reverberation (p=0.3; exponentially decaying
    Gaussian-noise RIR, RT60 0.1-0.6 s, direct path kept, output rescaled to the dry RMS), random gain
    (+-6 dB), additive white or pink noise (p=0.8, SNR uniform in 5-30 dB against the clip's active
    power); then the same log-mel features, per-utterance mean/variance normalisation (per band over
    time, ``--utt-norm band``, i.e. CMVN; or one mean/std per clip, ``--utt-norm global``), SpecAugment
    (two frequency masks < 7 bands, two time masks < 7 frames), label smoothing 0.1, optional mixup
    (``--mixup 0.2``), batch 32, AdamW (lr 3e-3, weight decay 0.05 on weights, none on biases/norms) with one
    epoch of linear warm-up and per-step cosine decay to 0, and an exponential moving average of the weights
    (decay 0.995 per step, buffers included; on by default, ``--no-ema`` turns it off; validation and
    test then use the EMA weights).
* Output: a table with, per fold, the held-out speaker, test accuracy, validation accuracy, chosen epoch
  and wall seconds; then the mean and the worst fold; the torch/torchaudio versions and the exact command.
  ``--json OUT`` writes the same (plus per-epoch history) as JSON.
* Determinism: seeded (``--seed``; the fold holding out the k-th speaker in sorted order uses seed + 1000 k) with ``torch.use_deterministic_algorithms``;
  the same seed, thread count and machine give the same numbers on CPU.
* Threads: ``torch.set_num_threads(--threads)`` (default 2), one inter-op thread, no DataLoader workers:
  augmentation and features run in the training process, so --threads is all the CPU it uses.

Usage
-----
    # tiny smoke run: one fold, two epochs
    /usr/bin/python3 bench/kws_torch.py --folds nicolas --epochs 2 --model cnn --recipe plain
    # the comparison runs (all five LOSO folds, 20 epochs)
    /usr/bin/python3 bench/kws_torch.py --folds all --model cnn --recipe plain --json bench/out/kws/cnn-plain.json
    /usr/bin/python3 bench/kws_torch.py --folds all --model bcresnet3 --recipe strong --json bench/out/kws/bc3-strong.json
    # several models/recipes back to back: bench/kws_compare.sh --out bench/out/kws --models cnn,bcresnet3 --recipes plain,strong
    # FSDD's official split instead of LOSO
    /usr/bin/python3 bench/kws_torch.py --split official --model tcresnet8 --recipe strong

Written and smoke-tested with Debian 12's /usr/bin/python3 (3.11), python3-torch 1.13.0a0 and
python3-torchaudio 0.13.1, python3-soundfile 0.12.1, on a 2-core AMD EPYC VM (the versions a run used are
printed and stored in its JSON).
"""
import argparse
import glob
import json
import math
import os
import platform
import re
import shlex
import sys
import time

import numpy as np
import soundfile as sf
import torch
import torch.nn.functional as F
import torchaudio
from torch import nn

SR = 8000
CLIP = 8000
SPEED_FACTORS = (0.90, 0.95, 1.00, 1.05, 1.10)
RAW_MAX = 10000  # raw clips kept for augmentation: enough for speed 1.1 and a 100 ms shift (4 FSDD clips are longer)


# ----------------------------------------------------------------------------------------------- data

REMOVE_DC = True
TRIM_DB = 0.0


MAX_GAP_WINDOWS = 3


def trim(x, win, db):
    """Cochlea's --trim-db (FeatureExtractor.trim): windows of `win` samples within `db` of the loudest are
    loud; keep from the loud window that reaches the loudest across quiet gaps of at most MAX_GAP_WINDOWS
    (a click set apart by silence before the word is cut) to the last loud window."""
    n = (len(x) + win - 1) // win
    e = torch.zeros(n, dtype=torch.float64)
    for w in range(n):
        seg = x[w * win:(w + 1) * win].double()
        e[w] = (seg * seg).sum()
    if float(e.max()) == 0:
        return x
    floor = float(e.max()) * 10 ** (-db / 10)
    peak = int(e.argmax())
    first = peak
    w = peak - 1
    while w >= 0 and first - w <= MAX_GAP_WINDOWS + 1:
        if float(e[w]) >= floor:
            first = w
        w -= 1
    last = int((e >= floor).nonzero().flatten()[-1])
    return x[first * win:min(len(x), (last + 1) * win)]


def load_fsdd(folder):
    """Raw waveforms (float32 in [-1, 1), torchaudio.load's scaling), labels, speakers and takes."""
    files = sorted(glob.glob(os.path.join(folder, "*.wav")))
    if not files:
        sys.exit(f"kws_torch.py: no .wav files in {folder} (set --data)")
    waves, labels, speakers, takes = [], [], [], []
    pat = re.compile(r"^(\d+)_([A-Za-z]+)_(\d+)\.wav$")
    for f in files:
        m = pat.match(os.path.basename(f))
        if not m:
            continue
        x, sr = sf.read(f, dtype="float32", always_2d=True)
        x = torch.from_numpy(x.mean(axis=1) if x.shape[1] > 1 else x[:, 0].copy())
        if sr != SR:
            x = torchaudio.functional.resample(x, sr, SR)
        if REMOVE_DC:
            x = x - x.mean()
        if TRIM_DB > 0:
            x = trim(x, SR // 50, TRIM_DB)
        waves.append(x)
        labels.append(int(m.group(1)))
        speakers.append(m.group(2))
        takes.append(int(m.group(3)))
    return waves, torch.tensor(labels), speakers, torch.tensor(takes)


def pad_batch(waves, length=None):
    """[N, L] zero-padded at the end (or trimmed to `length`) and the true lengths."""
    lengths = torch.tensor([len(w) for w in waves])
    L = int(lengths.max()) if length is None else length
    out = torch.zeros(len(waves), L)
    for i, w in enumerate(waves):
        n = min(len(w), L)
        out[i, :n] = w[:n]
    return out, lengths.clamp(max=L)


class Features(nn.Module):
    """Cochlea's default features: [B, 8000] -> [B, 1, 40, 63] dB, 80 dB floor per clip."""

    def __init__(self):
        super().__init__()
        self.mel = torchaudio.transforms.MelSpectrogram(
            sample_rate=SR, n_fft=256, hop_length=128, n_mels=40, f_min=0.0, f_max=4000.0, power=2.0,
            center=True, pad_mode="reflect", mel_scale="htk", norm=None)
        self.db = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=80.0)

    @torch.no_grad()
    def forward(self, wave):
        return self.db(self.mel(wave).unsqueeze(1))  # 4-D input: top_db per batch item


# ------------------------------------------------------------------------------------- augmentation

def speed_perturb(x, lengths, g, p=0.8):
    """Kaldi-style speed perturbation: resample by factor f (length / f, pitch * f), sinc interpolation."""
    B, L = x.shape
    choice = torch.randint(len(SPEED_FACTORS), (B,), generator=g)
    choice = torch.where(torch.rand(B, generator=g) < p, choice, torch.full_like(choice, SPEED_FACTORS.index(1.0)))
    out_len = int(math.ceil(L / min(SPEED_FACTORS)))
    out = torch.zeros(B, out_len)
    new_lengths = lengths.clone()
    for k, f in enumerate(SPEED_FACTORS):
        idx = (choice == k).nonzero().flatten()
        if len(idx) == 0:
            continue
        if f == 1.0:
            out[idx, :L] = x[idx]
            continue
        orig = int(round(f * 20))
        y = torchaudio.functional.resample(x[idx], orig, 20)
        out[idx, :y.shape[1]] = y
        new_lengths[idx] = torch.ceil(lengths[idx] * 20 / orig).long()
    return out, new_lengths


def shift_to_clip(x, lengths, g, max_shift):
    """Place each clip in an 8000-sample window, shifted by U[-max_shift, max_shift] samples, zero fill."""
    B = x.shape[0]
    off = torch.randint(-max_shift, max_shift + 1, (B,), generator=g) if max_shift > 0 else torch.zeros(B, dtype=torch.long)
    idx = torch.arange(CLIP).unsqueeze(0) - off.unsqueeze(1)
    valid = (idx >= 0) & (idx < lengths.unsqueeze(1))
    y = torch.gather(x, 1, idx.clamp(0, x.shape[1] - 1)) * valid
    active = (valid.sum(1)).clamp(min=1)
    return y, active


def reverb(x, g, p=0.3, rt60=(0.1, 0.6), rir_len=2400):
    """Convolve a random subset with synthetic RIRs: Gaussian noise * exp(-6.9 t / RT60), direct path 1."""
    B, L = x.shape
    sel = (torch.rand(B, generator=g) < p).nonzero().flatten()
    if len(sel) == 0:
        return x
    n = len(sel)
    t = torch.arange(rir_len) / SR
    rt = torch.empty(n).uniform_(*rt60, generator=g)
    rir = torch.randn(n, rir_len, generator=g) * torch.exp(-6.9 * t.unsqueeze(0) / rt.unsqueeze(1))
    rir[:, 0] = 0
    rir = rir / rir.norm(dim=1, keepdim=True) * torch.empty(n, 1).uniform_(0.3, 1.0, generator=g)  # reverb/direct ratio
    rir[:, 0] = 1.0
    nfft = 1 << (L + rir_len - 1).bit_length()
    wet = torch.fft.irfft(torch.fft.rfft(x[sel], nfft) * torch.fft.rfft(rir, nfft), nfft)[:, :L]
    dry_rms = x[sel].pow(2).mean(1, keepdim=True).sqrt()
    wet_rms = wet.pow(2).mean(1, keepdim=True).sqrt().clamp(min=1e-8)
    x = x.clone()
    x[sel] = wet * dry_rms / wet_rms
    return x


def add_noise(x, active, g, p=0.8, snr_db=(5.0, 30.0)):
    """White or pink (1/f power) noise at an SNR drawn uniformly, against the clip's active-sample power."""
    B, L = x.shape
    white = torch.randn(B, L, generator=g)
    spec = torch.fft.rfft(torch.randn(B, L, generator=g))
    f = torch.arange(spec.shape[1], dtype=torch.float32)
    f[0] = 1.0
    pink = torch.fft.irfft(spec / f.sqrt(), L)
    use_pink = (torch.rand(B, 1, generator=g) < 0.5)
    noise = torch.where(use_pink, pink, white)
    noise = noise / noise.pow(2).mean(1, keepdim=True).sqrt().clamp(min=1e-12)
    p_sig = x.pow(2).sum(1, keepdim=True) / active.unsqueeze(1)
    snr = torch.empty(B, 1).uniform_(*snr_db, generator=g)
    scale = (p_sig / 10 ** (snr / 10)).sqrt()
    on = (torch.rand(B, 1, generator=g) < p).float()
    return x + on * scale * noise


def gain(x, g, db=6.0):
    return x * 10 ** (torch.empty(x.shape[0], 1).uniform_(-db, db, generator=g) / 20)


def spec_augment(x, g, freq_param, time_param, n_freq=1, n_time=1, value=0.0):
    """Per-example masks with torchaudio's mask_along_axis rule: width floor(U*param), start floor(U*(size-width))."""
    B, _, Fb, T = x.shape
    x = x.clone()
    for size, param, n, axis in ((Fb, freq_param, n_freq, 2), (T, time_param, n_time, 3)):
        for _ in range(n if param > 0 else 0):
            width = (torch.rand(B, generator=g) * param).floor()
            start = (torch.rand(B, generator=g) * (size - width)).floor()
            pos = torch.arange(size, dtype=torch.float32).unsqueeze(0)
            m = (pos >= start.unsqueeze(1)) & (pos < (start + width).unsqueeze(1))  # [B, size]
            m = m[:, None, :, None] if axis == 2 else m[:, None, None, :]
            x = x.masked_fill(m, value)
    return x


def utt_norm(x, mode):
    if mode == "band":
        m, s = x.mean(3, keepdim=True), x.std(3, keepdim=True)
    else:
        m, s = x.mean((2, 3), keepdim=True), x.std((2, 3), keepdim=True)
    return (x - m) / s.clamp(min=1e-3)


# -------------------------------------------------------------------------------------------- models

class CochleaCNN(nn.Sequential):
    def __init__(self, classes=10):
        def block(i, o):
            return [nn.Conv2d(i, o, 3, 1, 1), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2)]
        super().__init__(*block(1, 16), *block(16, 32), *block(32, 64), nn.AdaptiveAvgPool2d((4, 4)),
                         nn.Flatten(), nn.Dropout(0.3), nn.Linear(64 * 4 * 4, classes))


class TCBlock(nn.Module):
    """TC-ResNet block (Choi et al. 2019, Fig. 4): k=9 temporal convs; stride-2 blocks get a 1x1 conv+BN+ReLU shortcut."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv1d(cin, cout, 9, stride, 4, bias=False)
        self.bn1 = nn.BatchNorm1d(cout)
        self.conv2 = nn.Conv1d(cout, cout, 9, 1, 4, bias=False)
        self.bn2 = nn.BatchNorm1d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv1d(cin, cout, 1, stride, bias=False), nn.BatchNorm1d(cout), nn.ReLU())

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (x if self.short is None else self.short(x)))


class TCResNet8(nn.Module):
    """TC-ResNet-8 (width 1): conv 3x1 (16) -> blocks 24/32/48 with stride 2 -> avg pool -> FC. ~66k params."""

    def __init__(self, bands=40, classes=10, k=1.0):
        super().__init__()
        c = [int(16 * k), int(24 * k), int(32 * k), int(48 * k)]
        self.conv0 = nn.Conv1d(bands, c[0], 3, 1, 1, bias=False)
        self.blocks = nn.Sequential(TCBlock(c[0], c[1], 2), TCBlock(c[1], c[2], 2), TCBlock(c[2], c[3], 2))
        self.fc = nn.Linear(c[3], classes)

    def forward(self, x):  # [B, 1, F, T] -> bands as channels
        x = self.blocks(self.conv0(x.squeeze(1)))
        return self.fc(x.mean(2))


class SubSpectralNorm(nn.Module):
    def __init__(self, channels, groups=5):
        super().__init__()
        self.groups = groups
        self.bn = nn.BatchNorm2d(channels * groups)

    def forward(self, x):
        b, c, f, t = x.shape
        return self.bn(x.reshape(b, c * self.groups, f // self.groups, t)).reshape(b, c, f, t)


def conv_bn(cin, cout, kernel, stride=1, groups=1, dilation=1, ssn=False, act="relu"):
    kernel = (kernel, kernel) if isinstance(kernel, int) else kernel
    dilation = (dilation, dilation) if isinstance(dilation, int) else dilation
    pad = tuple(d * (k - 1) // 2 for k, d in zip(kernel, dilation))
    layers = [nn.Conv2d(cin, cout, kernel, stride, pad, dilation, groups, bias=False),
              SubSpectralNorm(cout) if ssn else nn.BatchNorm2d(cout)]
    if act == "relu":
        layers.append(nn.ReLU())
    elif act == "swish":
        layers.append(nn.SiLU())
    return nn.Sequential(*layers)


class BCResBlock(nn.Module):
    """Broadcasted residual block: f2 = freq-depthwise 3x1 + SSN on 2-D; f1 on the freq-averaged 1-D signal."""

    def __init__(self, cin, cout, stage, stride):
        super().__init__()
        self.transition = cin != cout
        f2 = [conv_bn(cin, cout, 1)] if self.transition else []
        f2.append(conv_bn(cout, cout, (3, 1), (stride, 1), groups=cout, ssn=True, act=None))
        self.f2 = nn.Sequential(*f2)
        self.f1 = nn.Sequential(conv_bn(cout, cout, (1, 3), 1, groups=cout, dilation=(1, 2 ** stage), act="swish"),
                                nn.Conv2d(cout, cout, 1, bias=False), nn.Dropout2d(0.1))

    def forward(self, x):
        aux = self.f2(x)
        y = self.f1(aux.mean(2, keepdim=True)) + aux  # broadcast over frequency
        if not self.transition:
            y = y + x
        return F.relu(y)


class BCResNet(nn.Module):
    """BC-ResNet-tau (Kim et al. 2021), Qualcomm's reference layout; tau=1: ~9k params, tau=3: ~54k."""

    def __init__(self, tau=1, classes=10):
        super().__init__()
        b = 8 * tau
        c = [2 * b, b, int(1.5 * b), 2 * b, int(2.5 * b), 4 * b]
        n, strided = [2, 2, 4, 4], (1, 2)
        self.head = conv_bn(1, c[0], 5, (2, 1))
        blocks = []
        for s in range(4):
            for i in range(n[s]):
                blocks.append(BCResBlock(c[s] if i == 0 else c[s + 1], c[s + 1], s, 2 if (s in strided and i == 0) else 1))
        self.blocks = nn.Sequential(*blocks)
        self.classifier = nn.Sequential(
            nn.Conv2d(c[-2], c[-2], (5, 5), bias=False, groups=c[-2], padding=(0, 2)),
            nn.Conv2d(c[-2], c[-1], 1, bias=False), nn.BatchNorm2d(c[-1]), nn.ReLU(),
            nn.AdaptiveAvgPool2d((1, 1)), nn.Conv2d(c[-1], classes, 1))

    def forward(self, x):  # [B, 1, 40, T]: 40 -> 20 (head) -> 10 -> 5 -> 1 (5x5 depthwise)
        return self.classifier(self.blocks(self.head(x))).flatten(1)


def make_model(name):
    return {"cnn": CochleaCNN, "tcresnet8": TCResNet8, "bcresnet1": lambda: BCResNet(1),
            "bcresnet3": lambda: BCResNet(3)}[name]()


class EMA:
    def __init__(self, model, decay):
        self.decay = decay
        self.steps = 0
        self.state = {k: v.detach().clone() for k, v in model.state_dict().items()}

    @torch.no_grad()
    def update(self, model):
        self.steps += 1
        d = min(self.decay, (1 + self.steps) / (10 + self.steps))
        for k, v in model.state_dict().items():
            if v.dtype.is_floating_point:
                self.state[k].mul_(d).add_(v.detach(), alpha=1 - d)
            else:
                self.state[k].copy_(v)


# ------------------------------------------------------------------------------------------ training

def default_hparams(a):
    strong = a.recipe == "strong"
    return dict(batch_size=a.batch_size or 32, lr=a.lr or (3e-3 if strong else 2e-3),
                weight_decay=a.weight_decay if a.weight_decay is not None else (0.05 if strong else 0.0))


@torch.no_grad()
def evaluate(model, x, y, batch=256):
    model.eval()
    correct = 0
    for i in range(0, len(x), batch):
        correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / max(1, len(x))


def train_fold(a, hp, data, tr, va, te, seed, stop_at=None, log=print):
    """Trains on indices tr; selects on va (None: no selection, stop at `stop_at`); returns the result dict."""
    waves, labels = data["waves"], data["labels"]
    feats_clean = data["feats"]  # [N, 1, 40, 63] clean features (dB), computed once
    strong = a.recipe == "strong"
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed + 1)
    model = make_model(a.model)
    nparams = sum(p.numel() for p in model.parameters())

    if strong:
        def prep(x):
            return utt_norm(x, a.utt_norm)
    else:
        tf = feats_clean[tr]
        mean = tf.mean((0, 1, 3), keepdim=True).squeeze(0)
        std = tf.std((0, 1, 3), unbiased=False, keepdim=True).squeeze(0).clamp(min=1e-5)

        def prep(x):
            return (x - mean) / std

    def eval_set(idx):
        return (prep(feats_clean[idx]), labels[idx]) if idx is not None else (None, None)

    xv, yv = eval_set(va)
    xt, yt = eval_set(te)
    raw, raw_len = data["raw"], data["raw_len"]
    fx = data["fx"]

    steps_per_epoch = math.ceil(len(tr) / hp["batch_size"])
    total = steps_per_epoch * a.epochs
    if strong:
        decay, no_decay = [], []
        for p in model.parameters():
            (decay if p.ndim > 1 else no_decay).append(p)
        opt = torch.optim.AdamW([{"params": decay, "weight_decay": hp["weight_decay"]},
                                 {"params": no_decay, "weight_decay": 0.0}], lr=hp["lr"])
        warm = steps_per_epoch

        def lr_at(step):
            if step < warm:
                return (step + 1) / warm
            return 0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm)))
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)
        ema = EMA(model, a.ema_decay) if a.ema else None
        loss_fn = nn.CrossEntropyLoss(label_smoothing=a.label_smoothing)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=hp["lr"], weight_decay=hp["weight_decay"])
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, a.epochs)  # stepped per epoch, like Cochlea
        ema = None
        loss_fn = nn.CrossEntropyLoss()

    def eval_model():
        if ema is None:
            return model
        m = make_model(a.model)
        m.load_state_dict(ema.state)
        return m

    history, best = [], None
    last_epoch = a.epochs if stop_at is None else stop_at
    t0 = time.perf_counter()
    for epoch in range(1, last_epoch + 1):
        e0 = time.perf_counter()
        model.train()
        perm = tr[torch.randperm(len(tr), generator=g)]
        loss_sum, seen, aug_s = 0.0, 0, 0.0
        for i in range(0, len(perm), hp["batch_size"]):
            idx = perm[i:i + hp["batch_size"]]
            y = labels[idx]
            if strong:
                a0 = time.perf_counter()
                w, ln = speed_perturb(raw[idx], raw_len[idx], g)
                w, active = shift_to_clip(w, ln, g, max_shift=a.shift_ms * SR // 1000)
                w = reverb(w, g)
                w = gain(w, g)
                w = add_noise(w, active, g)
                x = prep(fx(w))
                x = spec_augment(x, g, 7, 7, 2, 2)
                aug_s += time.perf_counter() - a0
            else:
                x = spec_augment(prep(feats_clean[idx]), g, 5, 7, 1, 1)
            if strong and a.mixup > 0:
                lam = float(np.random.default_rng(int(torch.randint(2 ** 31, (1,), generator=g))).beta(a.mixup, a.mixup))
                j = torch.randperm(len(idx), generator=g)
                out = model(lam * x + (1 - lam) * x[j])
                loss = lam * loss_fn(out, y) + (1 - lam) * loss_fn(out, y[j])
            else:
                loss = loss_fn(model(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if strong:
                sched.step()
                if ema is not None:
                    ema.update(model)
            loss_sum += loss.item() * len(idx)
            seen += len(idx)
        if not strong:
            sched.step()
        train_s = time.perf_counter() - e0
        m = eval_model()
        val = evaluate(m, xv, yv) if xv is not None else None
        rec = {"epoch": epoch, "loss": loss_sum / seen, "val_acc": val, "train_s": round(train_s, 2),
               "aug_s": round(aug_s, 2)}
        history.append(rec)
        if val is not None and (best is None or (a.select == "last") or val >= best["val_acc"]):
            best = {"epoch": epoch, "val_acc": val, "state": {k: v.clone() for k, v in m.state_dict().items()}}
        log(f"  epoch {epoch:3d}  loss {rec['loss']:.4f}  val {'-' if val is None else f'{val:.4f}'}  "
            f"{train_s:.1f} s (augmentation+features {aug_s:.1f} s)")
    final = eval_model()
    res = {"params": nparams, "history": history, "wall_s": time.perf_counter() - t0,
           "last_test_acc": evaluate(final, xt, yt) if xt is not None else None}
    if best is not None:
        chosen = make_model(a.model)
        chosen.load_state_dict(best["state"])
        res.update(chosen_epoch=best["epoch"], val_acc=best["val_acc"], test_acc=evaluate(chosen, xt, yt))
    else:
        res.update(chosen_epoch=last_epoch, val_acc=None, test_acc=res["last_test_acc"])
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p.add_argument("--data", default=os.path.join(here, "..", "shared", "data", "fsdd", "recordings"))
    p.add_argument("--folds", default="all", help="all, or held-out speakers separated by commas (LOSO)")
    p.add_argument("--split", choices=["loso", "official"], default="loso")
    p.add_argument("--val-speaker", default=None, help="override the rotating validation speaker (LOSO)")
    p.add_argument("--model", choices=["cnn", "tcresnet8", "bcresnet1", "bcresnet3"], default="cnn")
    p.add_argument("--recipe", choices=["plain", "strong"], default="plain")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=None, help="default 32 (both recipes: same number of steps)")
    p.add_argument("--lr", type=float, default=None, help="default 2e-3 Adam (plain) / 3e-3 AdamW peak (strong)")
    p.add_argument("--weight-decay", type=float, default=None, help="default 0 (plain) / 0.05 (strong)")
    p.add_argument("--label-smoothing", type=float, default=0.1, help="strong recipe only")
    p.add_argument("--mixup", type=float, default=0.0, help="mixup Beta(alpha, alpha); 0 = off (strong recipe only)")
    p.add_argument("--ema", dest="ema", action="store_true", default=True, help="EMA of the weights (strong; default on)")
    p.add_argument("--no-ema", dest="ema", action="store_false")
    p.add_argument("--ema-decay", type=float, default=0.995)
    p.add_argument("--utt-norm", choices=["band", "global"], default="band", help="strong recipe's per-utterance normalisation")
    p.add_argument("--shift-ms", type=int, default=100)
    p.add_argument("--select", choices=["best", "last"], default="best", help="epoch chosen by validation accuracy, or the last")
    p.add_argument("--refit", action="store_true", help="retrain on all training speakers, stop at the chosen epoch")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--keep-dc", action="store_true", help="keep each recording's DC offset (Cochlea's --keep-dc)")
    p.add_argument("--trim-db", type=float, default=0.0, help="cut leading/trailing silence, as Cochlea's --trim-db")
    p.add_argument("--json", default=None)
    a = p.parse_args()
    global REMOVE_DC, TRIM_DB
    REMOVE_DC = not a.keep_dc
    TRIM_DB = a.trim_db

    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.use_deterministic_algorithms(True)
    command = " ".join(shlex.quote(s) for s in [sys.executable] + sys.argv)
    hp = default_hparams(a)
    print(f"torch {torch.__version__}, torchaudio {torchaudio.__version__}, {a.threads} thread(s); "
          f"model {a.model}, recipe {a.recipe}, {a.epochs} epochs, batch {hp['batch_size']}, lr {hp['lr']}")

    t_load = time.perf_counter()
    waves, labels, speakers, takes = load_fsdd(a.data)
    raw, raw_len = pad_batch(waves, RAW_MAX)
    fx = Features()
    clip, _ = pad_batch(waves, CLIP)
    feats = torch.cat([fx(clip[i:i + 500]) for i in range(0, len(clip), 500)])
    data = {"waves": waves, "labels": labels, "raw": raw, "raw_len": raw_len, "fx": fx, "feats": feats}
    all_speakers = sorted(set(speakers))
    spk = np.array(speakers)
    print(f"{len(waves)} clips, speakers {', '.join(all_speakers)}; features {tuple(feats.shape[1:])} "
          f"in {time.perf_counter() - t_load:.1f} s")

    def where(mask):
        return torch.from_numpy(np.nonzero(mask)[0])

    folds = []
    if a.split == "official":
        t = takes.numpy()
        folds.append(("official", where(t >= 10), where((t >= 5) & (t < 10)), where(t < 5), "takes 5-9"))
    else:
        wanted = all_speakers if a.folds == "all" else a.folds.split(",")
        for s in wanted:
            if s not in all_speakers:
                sys.exit(f"kws_torch.py: unknown speaker {s}; known: {', '.join(all_speakers)}")
            others = [o for o in all_speakers if o != s]
            v = a.val_speaker or others[all_speakers.index(s) % len(others)]
            if v == s or v not in others:
                sys.exit(f"kws_torch.py: --val-speaker {v} must be one of the training speakers {others}")
            folds.append((s, where((spk != s) & (spk != v)), where(spk == v), where(spk == s), v))

    results = []
    for k, (held, tr, va, te, vname) in enumerate(folds):
        print(f"fold {held}: train {len(tr)}, validation {len(va)} ({vname}), test {len(te)}")
        f0 = time.perf_counter()
        k = all_speakers.index(held) if held in all_speakers else 0  # a fold's seed does not depend on --folds
        r = train_fold(a, hp, data, tr, va, te, a.seed + 1000 * k)
        if a.refit:
            print(f"  refit on train + validation ({len(tr) + len(va)} clips), stopping at epoch {r['chosen_epoch']}")
            rf = train_fold(a, hp, data, torch.cat([tr, va]), None, te, a.seed + 1000 * k, stop_at=r["chosen_epoch"])
            r.update(selected_test_acc_before_refit=r["test_acc"], test_acc=rf["test_acc"], refit_history=rf["history"])
        r.update(held_out=held, val_set=vname, wall_s=time.perf_counter() - f0,
                 epoch_s=sum(h["train_s"] for h in r["history"]) / len(r["history"]))
        results.append(r)
        print(f"  -> test {r['test_acc']:.4f}  val {r['val_acc'] if r['val_acc'] is None else round(r['val_acc'], 4)}  "
              f"chosen epoch {r['chosen_epoch']}  (last-epoch test {r['last_test_acc']:.4f}, info only)  {r['wall_s']:.0f} s")

    print()
    print(f"{'held out':<10} {'val set':<10} {'test acc':>9} {'val acc':>8} {'epoch':>6} {'s/epoch':>8} {'wall s':>7}")
    for r in results:
        print(f"{r['held_out']:<10} {r['val_set']:<10} {r['test_acc']:9.4f} {r['val_acc']:8.4f} {r['chosen_epoch']:6d} "
              f"{r['epoch_s']:8.1f} {r['wall_s']:7.0f}")
    accs = [r["test_acc"] for r in results]
    mean, worst = sum(accs) / len(accs), min(accs)
    vals = [r["val_acc"] for r in results]
    print(f"{'mean':<10} {'':<10} {mean:9.4f} {sum(vals) / len(vals):8.4f}")
    print(f"{'worst':<10} {'':<10} {worst:9.4f}")
    print(f"model {a.model} ({results[0]['params']} parameters), recipe {a.recipe}; "
          f"torch {torch.__version__}, torchaudio {torchaudio.__version__}")
    print(f"command: {command}")
    if a.json:
        out = {"task": "fsdd-kws", "split": a.split, "model": a.model, "recipe": a.recipe, "params": results[0]["params"],
               "settings": {**vars(a), **hp}, "mean_test_acc": mean, "worst_test_acc": worst,
               "mean_val_acc": sum(vals) / len(vals),
               "folds": [{k: v for k, v in r.items()} for r in results],
               "versions": {"torch": torch.__version__, "torchaudio": torchaudio.__version__,
                            "python": platform.python_version(), "numpy": np.__version__},
               "machine": platform.machine(), "command": command,
               "total_wall_s": sum(r["wall_s"] for r in results)}
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
        print(f"wrote {a.json}")


if __name__ == "__main__":
    main()
