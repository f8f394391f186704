#!/usr/bin/python3
"""FLAC, MP3, Ogg Vorbis and Ogg Opus files, and what libsndfile reads from them: the reference for
cochlea-codecs' CodecReferenceTest.

Makes short signals from seeded formulas (a harmonic tone with vibrato, an attack and decay, and
noise; the right channel of stereo files has its own pitch and noise), writes each as a PCM WAV
with soundfile, encodes it with the command-line encoders (flac, lame, oggenc, opusenc), and keeps
the encoded files. A few FLAC files are written by this script's own small FLAC writer, to reach
what the flac encoder never writes: escaped Rice partitions, 5-bit Rice parameters, wasted bits,
verbatim and constant subframes, LPC of order 32, the three stereo decorrelations, variable block
sizes, the rare header codes (8- and 16-bit block sizes, sample rates in kHz, Hz and tens of Hz),
32-bit samples. One Opus file gets an output gain written into its OpusHead (page CRC redone).

For each file it stores what soundfile (libsndfile) reads, as float32: the first 2,000 frames, the
last 256 frames, and a range read from a third of the way in (soundfile's seek then read), in
<name>.f32.gz (gzip of little-endian float32, interleaved, those three blocks in that order); and in codecs.json the
rate, channels, frames (soundfile.info and the read), subtype, the SHA-256 of the whole read as
float32 bytes, and per-channel max |x|, mean and RMS of the whole read. libsndfile 1.2.0 cannot
read 32-bit FLAC: for those files the reference is libFLAC's own decoder (flac -d) writing a
32-bit WAV, read by soundfile. A FLAC file streamed to a pipe (total samples 0, unknown) cannot be
read with soundfile.read (the length is unknown); it is read with sf_readf_float until it returns 0.

    /usr/bin/python3 reference/make_codec_reference.py

Writes cochlea-codecs/src/test/resources/reference/codecs/. Needs Debian 12's flac, lame,
vorbis-tools, opus-tools, sox, python3-soundfile and python3-numpy. The files committed were made
on Debian 12 with libsndfile 1.2.0 (reading FLAC with libFLAC 1.4.2, MP3 with mpg123 1.31.2, Ogg
with libogg 1.3.5, libvorbis 1.3.7 and libopus 1.3.1), soundfile 0.12.1, numpy 1.24.2, and the
encoders flac 1.4.2, LAME 3.100, oggenc 1.4.2 (libvorbis 1.3.7) and opusenc 0.2 (libopus 1.3.1);
codecs.json records the versions of each run. Ogg serial numbers are fixed (--serial), so a rerun
with the same versions rewrites the same bytes.
"""
import gzip
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import soundfile as sf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "cochlea-codecs", "src", "test", "resources", "reference", "codecs")
HEAD = 2000
TAIL = 128
RANGE = 400
CALL = "soundfile.read(path, dtype='float32', always_2d=True)"


# ---------------------------------------------------------------------------------------------- signals

def signal(rate, frames, channels, seed, level=0.5):
    """A harmonic tone with vibrato, attack, decay and noise; each channel its own pitch and noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(frames) / rate
    cols = []
    for c in range(channels):
        f0 = (220.0 if rate < 16000 else 330.0) * (1.0 + 0.25 * c)
        phase = 2 * np.pi * f0 * t + 0.8 * np.sin(2 * np.pi * 5.0 * t)
        tone = sum(np.sin(k * phase) / k for k in range(1, 6) if k * f0 < rate / 2)
        env = np.minimum(1.0, t / 0.02) * np.exp(-1.5 * t)
        cols.append(level * env * tone / 1.5 + 0.005 * rng.standard_normal(frames))
    return np.clip(np.stack(cols, axis=1), -1, 1)


def write_wav(path, x, rate, subtype):
    sf.write(path, x, rate, subtype=subtype)


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------- FLAC writer

class Bits:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, n):
        if n == 0:
            return
        value &= (1 << n) - 1
        self.acc = (self.acc << n) | value
        self.n += n
        while self.n >= 8:
            self.n -= 8
            self.out.append((self.acc >> self.n) & 0xFF)
        self.acc &= (1 << self.n) - 1

    def signed(self, value, n):
        assert -(1 << (n - 1)) <= value < (1 << (n - 1)), (value, n)
        self.put(value, n)

    def unary(self, q):
        for _ in range(q):
            self.put(0, 1)
        self.put(1, 1)

    def align(self):
        if self.n:
            self.put(0, 8 - self.n)

    def data(self):
        assert self.n == 0
        return bytes(self.out)


def crc8(data):
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def crc16(data):
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x8005) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def utf8_number(v):
    if v < 0x80:
        return bytes([v])
    for extra, lead, bits in ((1, 0xC0, 5), (2, 0xE0, 4), (3, 0xF0, 3), (4, 0xF8, 2), (5, 0xFC, 1), (6, 0xFE, 0)):
        if v < (1 << (bits + 6 * extra)):
            out = [lead | (v >> (6 * extra))]
            for i in range(extra - 1, -1, -1):
                out.append(0x80 | ((v >> (6 * i)) & 0x3F))
            return bytes(out)
    raise ValueError(v)


def zigzag(v):
    return 2 * v if v >= 0 else -2 * v - 1


def bits_needed(values):
    """The fewest bits that hold every value as a two's complement signed integer (0 when all are 0)."""
    n = 0
    while any(not (-(1 << (n - 1)) <= v < (1 << (n - 1))) if n else v != 0 for v in values):
        n += 1
    return n


def best_param(part):
    m = np.mean(np.abs(part)) if len(part) else 0
    k = 0
    while k < 30 and (1 << (k + 1)) <= m:
        k += 1
    return k


def residual(w, res, order, block, partition_order, params, wide):
    """Rice-coded residual. params: per partition an int (Rice parameter), 'esc' (escaped: raw
    signed values of the fewest bits) or None (a parameter chosen from the values); wide: 5-bit
    parameters (coding method 1) even when 4 would do."""
    parts = 1 << partition_order
    per = block // parts
    chunks = []
    at = 0
    for p in range(parts):
        cnt = per - (order if p == 0 else 0)
        chunks.append(res[at:at + cnt])
        at += cnt
    assert at == len(res)
    params = params or [None] * parts
    chosen = [best_param(c) if p is None else p for p, c in zip(params, chunks)]
    wide = wide or any(isinstance(k, int) and k > 14 for k in chosen)
    w.put(1 if wide else 0, 2)
    w.put(partition_order, 4)
    width = 5 if wide else 4
    for k, chunk in zip(chosen, chunks):
        if k == 'esc':
            n = bits_needed(chunk)
            w.put((1 << width) - 1, width)
            w.put(n, 5)
            for v in chunk:
                if n:
                    w.signed(v, n)
        else:
            w.put(k, width)
            for v in chunk:
                u = zigzag(v)
                w.unary(u >> k)
                w.put(u & ((1 << k) - 1), k)


def subframe(w, x, width, kind, wasted=0, order=0, coefs=None, precision=0, shift=0, partition_order=0, params=None, wide=False):
    """Writes one subframe of samples x (Python ints) of 'width' bits, less 'wasted' low zero bits."""
    w.put(0, 1)
    code = {'constant': 0, 'verbatim': 1, 'fixed': 8 + order}.get(kind, 31 + order)
    w.put(code, 6)
    if wasted:
        assert all(v % (1 << wasted) == 0 for v in x)
        w.put(1, 1)
        w.unary(wasted - 1)
        x = [v >> wasted for v in x]
    else:
        w.put(0, 1)
    width -= wasted
    if kind == 'constant':
        assert len(set(x)) == 1
        w.signed(x[0], width)
        return
    if kind == 'verbatim':
        for v in x:
            w.signed(v, width)
        return
    for v in x[:order]:
        w.signed(v, width)
    if kind == 'fixed':
        fc = {0: [], 1: [1], 2: [2, -1], 3: [3, -3, 1], 4: [4, -6, 4, -1]}[order]
        res = [x[i] - sum(c * x[i - 1 - j] for j, c in enumerate(fc)) for i in range(order, len(x))]
    else:
        w.put(precision - 1, 4)
        w.signed(shift, 5)
        for c in coefs:
            w.signed(c, precision)
        res = [x[i] - (sum(c * x[i - 1 - j] for j, c in enumerate(coefs)) >> shift) for i in range(order, len(x))]
    assert all(-(1 << 31) < v < (1 << 31) for v in res), "residual beyond 32 bits (RFC 9639 forbids it)"
    residual(w, res, order, len(x), partition_order, params, wide)


def frame(number_or_sample, variable, block, rate_code, channel_code, bps_code, subframes, extra_rate=None):
    """subframes: list of (samples, width, kwargs) already decorrelated."""
    h = Bits()
    h.put(0b11111111111110, 14)
    h.put(0, 1)
    h.put(1 if variable else 0, 1)
    std = {192: 1, 576: 2, 1152: 3, 2304: 4, 4608: 5, 256: 8, 512: 9, 1024: 10, 2048: 11, 4096: 12, 8192: 13, 16384: 14, 32768: 15}
    if block in std:
        bcode, tail = std[block], b""
    elif block <= 256:
        bcode, tail = 6, bytes([block - 1])
    else:
        bcode, tail = 7, struct.pack(">H", block - 1)
    h.put(bcode, 4)
    h.put(rate_code, 4)
    h.put(channel_code, 4)
    h.put(bps_code, 3)
    h.put(0, 1)
    head = h.data() + utf8_number(number_or_sample) + tail + (extra_rate or b"")
    head += bytes([crc8(head)])
    w = Bits()
    for x, width, kw in subframes:
        subframe(w, x, width, **kw)
    w.align()
    body = head + w.data()
    return body + struct.pack(">H", crc16(body))


def streaminfo(min_block, max_block, rate, channels, bps, total, last=True):
    b = Bits()
    b.put(min_block, 16)
    b.put(max_block, 16)
    b.put(0, 24)
    b.put(0, 24)
    b.put(rate, 20)
    b.put(channels - 1, 3)
    b.put(bps - 1, 5)
    b.put(total, 36)
    data = b.data() + bytes(16)
    return bytes([0x80 if last else 0x00]) + struct.pack(">I", len(data))[1:] + data


def ints(x, bps):
    top = 1 << (bps - 1)
    return [int(v) for v in np.clip(np.round(np.asarray(x, dtype=np.float64) * top), -top, top - 1)]


def write_flac(path, min_block, max_block, rate, channels, bps, total, frames):
    with open(path, "wb") as fh:
        fh.write(b"fLaC" + streaminfo(min_block, max_block, rate, channels, bps, total) + b"".join(frames))


def crafted16(path):
    """16-bit stereo at 12,345 Hz (header rate code 13, in Hz), variable block sizes, every subframe type and stereo mode."""
    rate = 12345
    x = signal(rate, 2677, 2, seed=101)
    L, R = ints(x[:, 0], 16), ints(x[:, 1], 16)
    hz = struct.pack(">H", rate)
    frames = []
    # F0: 1000 samples (16-bit block size code), independent: left constant, right verbatim.
    a, b = [L[0]] * 1000, R[0:1000]
    L[0:1000] = a
    frames.append(frame(0, True, 1000, 13, 1, 4, [(a, 16, dict(kind='constant')), (b, 16, dict(kind='verbatim'))], hz))
    # F1: 192, left/side: left fixed order 2 with 5-bit parameters, side fixed order 1 with escaped partitions.
    a, b = L[1000:1192], R[1000:1192]
    side = [p - q for p, q in zip(a, b)]
    frames.append(frame(1000, True, 192, 13, 8, 4, [
        (a, 16, dict(kind='fixed', order=2, partition_order=1, wide=True)),
        (side, 17, dict(kind='fixed', order=1, partition_order=2, params=['esc', 9, 'esc', None]))], hz))
    # F2: 1152, side/right: side LPC order 8, right LPC order 32.
    a, b = L[1192:2344], R[1192:2344]
    side = [p - q for p, q in zip(a, b)]
    c32 = [int(v) for v in np.random.default_rng(5).integers(-60, 60, 32)]
    c32[0], c32[1] = 1900, -900
    frames.append(frame(1192, True, 1152, 13, 9, 4, [
        (side, 17, dict(kind='lpc', order=8, coefs=[3100, -2200, 900, -300, 120, -60, 30, -10], precision=14, shift=11, partition_order=3)),
        (b, 16, dict(kind='lpc', order=32, coefs=c32, precision=12, shift=10, partition_order=0))], hz))
    # F3: 256, mid/side; both channels multiples of 8, so mid has 2 wasted bits and side 3.
    a = [(v >> 3) << 3 for v in L[2344:2600]]
    b = [(v >> 3) << 3 for v in R[2344:2600]]
    L[2344:2600], R[2344:2600] = a, b
    mid = [(p + q) >> 1 for p, q in zip(a, b)]
    side = [p - q for p, q in zip(a, b)]
    assert all(v % 4 == 0 for v in mid) and all(v % 8 == 0 for v in side)
    frames.append(frame(2344, True, 256, 13, 10, 4, [
        (mid, 16, dict(kind='fixed', order=3, wasted=2, partition_order=2)),
        (side, 17, dict(kind='fixed', order=4, wasted=3, partition_order=1))], hz))
    # F4: 77 (8-bit block size code), independent, bit depth from STREAMINFO: fixed order 0, and a
    # ramp whose order-2 residual is all zero, escaped with 0 bits.
    a = L[2600:2677]
    b = [-3000 + 37 * i for i in range(77)]
    frames.append(frame(2600, True, 77, 0, 1, 0, [
        (a, 16, dict(kind='fixed', order=0)),
        (b, 16, dict(kind='fixed', order=2, params=['esc']))]))
    write_flac(path, 77, 1152, rate, 2, 16, 2677, frames)


def crafted24(path):
    """24-bit mono at 32 kHz, fixed block size 576 (frame numbers), loud noise (Rice parameters above 14), sample rate codes 14, 12, 8 and 0."""
    rate = 32000
    n = 576 * 3 + 300
    rng = np.random.default_rng(202)
    s = ints(np.clip(0.3 * rng.standard_normal(n) + 0.3 * signal(rate, n, 1, seed=7)[:, 0], -1, 1), 24)
    codes = [(14, struct.pack(">H", rate // 10)), (12, bytes([rate // 1000])), (8, None), (0, None)]
    frames = []
    for i, (code, extra) in enumerate(codes):
        part = s[i * 576:i * 576 + (576 if i < 3 else 300)]
        if i % 2 == 0:
            kind = dict(kind='fixed', order=2, partition_order=2)
        else:
            kind = dict(kind='lpc', order=4, coefs=[1500, -600, 200, -50], precision=12, shift=10, partition_order=2, wide=True)
        frames.append(frame(i, False, len(part), code, 0, 6 if i != 1 else 0, [(part, 24, kind)], extra))
    write_flac(path, 576, 576, rate, 1, 24, n, frames)


def crafted32(path):
    """32-bit stereo at 8 kHz near full scale, right nearly the negated left: side channels need 33 bits."""
    rate, n = 8000, 2304
    t = np.arange(n) / rate
    rng = np.random.default_rng(303)
    left = 0.95 * np.sin(2 * np.pi * 100 * t)
    L = ints(left, 32)
    R = ints(-0.9 * left + 0.01 * rng.standard_normal(n), 32)
    frames = []
    a, b = L[:1152], R[:1152]
    side = [p - q for p, q in zip(a, b)]
    assert max(abs(v) for v in side) >= 1 << 31
    frames.append(frame(0, False, 1152, 4, 8, 7, [
        (a, 32, dict(kind='fixed', order=1, partition_order=3)),
        (side, 33, dict(kind='verbatim'))]))
    a, b = L[1152:], R[1152:]
    mid = [(p + q) >> 1 for p, q in zip(a, b)]
    side = [p - q for p, q in zip(a, b)]
    frames.append(frame(1, False, 1152, 4, 10, 7, [
        (mid, 32, dict(kind='fixed', order=2, partition_order=2)),
        (side, 33, dict(kind='fixed', order=1, partition_order=0, wide=True))]))
    write_flac(path, 1152, 1152, rate, 2, 32, n, frames)


# ---------------------------------------------------------------------------------------------- Ogg

def ogg_crc(data):
    crc = 0
    for b in data:
        crc ^= b << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if crc & 0x80000000 else (crc << 1) & 0xFFFFFFFF
    return crc


def set_opus_gain(path, gain_q8):
    """Writes an output gain (Q7.8 dB) into the OpusHead of the first page and redoes the page's CRC."""
    data = bytearray(open(path, "rb").read())
    assert data[:4] == b"OggS"
    segs = data[26]
    head = 27 + segs
    assert data[head:head + 8] == b"OpusHead"
    body = sum(data[27:27 + segs])
    struct.pack_into("<h", data, head + 16, gain_q8)
    struct.pack_into("<I", data, 22, 0)
    struct.pack_into("<I", data, 22, ogg_crc(bytes(data[:head + body])))
    open(path, "wb").write(bytes(data))


# ---------------------------------------------------------------------------------------------- reading

def read_unknown_length(path):
    """libsndfile's frames of a file whose length it does not know: sf_readf_float until it returns 0."""
    ffi, snd = sf._ffi, sf._snd
    info = ffi.new("SF_INFO*")
    handle = snd.sf_open(path.encode(), 0x10, info)  # SFM_READ
    assert handle != ffi.NULL, ffi.string(snd.sf_strerror(ffi.NULL))
    chunks = []
    buf = np.empty((4096, info.channels), dtype=np.float32)
    while True:
        n = snd.sf_readf_float(handle, ffi.cast("float*", buf.ctypes.data), 4096)
        if n <= 0:
            break
        chunks.append(buf[:n].copy())
    snd.sf_close(handle)
    return np.concatenate(chunks), info.samplerate


def reference(path, kind):
    """What libsndfile reads: (data [frames, channels] float32, rate, info frames or None, subtype, call, range data)."""
    if kind == "flac-d":
        with tempfile.TemporaryDirectory() as tmp:
            wav = os.path.join(tmp, "d.wav")
            run(["flac", "-d", "-s", "-f", path, "-o", wav])
            data, rate = sf.read(wav, dtype="float32", always_2d=True)
            start = data.shape[0] // 3
            with sf.SoundFile(wav) as f:
                f.seek(start)
                part = f.read(RANGE, dtype="float32", always_2d=True)
        return data, rate, data.shape[0], "PCM_32", "flac -d (libFLAC 1.4.2) to a 32-bit WAV, then " + CALL.replace("path", "wav"), start, part
    if kind == "unknown":
        data, rate = read_unknown_length(path)
        return data, rate, None, sf.info(path).subtype, "sf_readf_float(SNDFILE*, float*, 4096) until it returns 0 (soundfile.read fails: the length is unknown)", None, None
    info = sf.info(path)
    data, rate = sf.read(path, dtype="float32", always_2d=True)
    start = data.shape[0] // 3
    with sf.SoundFile(path) as f:
        f.seek(start)
        part = f.read(RANGE, dtype="float32", always_2d=True)
    return data, rate, info.frames, info.subtype, CALL, start, part


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    tmp = tempfile.mkdtemp()

    def src(name, rate, seconds, channels, subtype="PCM_16", seed=1):
        path = os.path.join(tmp, name + ".wav")
        write_wav(path, signal(rate, int(round(rate * seconds)), channels, seed), rate, subtype)
        return path

    cases = []  # (file, codec, decoder, kind, note)

    def add(file, codec, kind="sf", note=""):
        cases.append((file, codec, kind, note))

    o = lambda name: os.path.join(OUT, name)
    # FLAC, by the flac encoder.
    run(["flac", "-s", "--no-padding", "-8", "--blocksize=1024", src("a", 8000, 0.5, 1, seed=11), "-o", o("flac_8k_mono16.flac")])
    add("flac_8k_mono16.flac", "FLAC", note="flac -8 --blocksize=1024: LPC subframes")
    run(["flac", "-s", "--no-padding", "-5", "--blocksize=576", src("b", 44100, 0.06, 2, seed=12), "-o", o("flac_44k_stereo16.flac")])
    add("flac_44k_stereo16.flac", "FLAC", note="flac -5 --blocksize=576: adaptive stereo decorrelation")
    run(["flac", "-s", "--no-padding", "-8", "--blocksize=1152", src("c", 16000, 0.14, 2, "PCM_24", seed=13), "-o", o("flac_16k_stereo24.flac")])
    add("flac_16k_stereo24.flac", "FLAC", note="24-bit")
    run(["flac", "-s", "--no-padding", "-1", "--blocksize=576", "-S", "4x", src("d", 44100, 0.06, 1, "PCM_24", seed=14), "-o", o("flac_44k_mono24_seektable.flac")])
    add("flac_44k_mono24_seektable.flac", "FLAC", note="flac -1: fixed predictors; SEEKTABLE with 4 points; range read seeks")
    run(["flac", "-s", "--no-padding", "-3", src("e", 16000, 0.2, 1, "PCM_U8", seed=15), "-o", o("flac_16k_mono8.flac")])
    add("flac_16k_mono8.flac", "FLAC", note="8-bit")
    with open(o("flac_8k_unknown_length.flac"), "wb") as fh:
        raw = subprocess.run(["sox", src("f", 8000, 0.3, 1, seed=16), "-t", "raw", "-"], check=True, capture_output=True).stdout
        fh.write(subprocess.run(["flac", "-s", "--no-padding", "--force-raw-format", "--endian=little", "--sign=signed", "--channels=1", "--bps=16",
                                 "--sample-rate=8000", "--blocksize=512", "-", "-o", "-"], input=raw, check=True, capture_output=True).stdout)
    add("flac_8k_unknown_length.flac", "FLAC", "unknown", "written to a pipe: STREAMINFO total samples 0 (unknown)")
    run(["flac", "-s", "--no-padding", "-5", "--blocksize=1024", src("g", 8000, 0.27, 2, "PCM_32", seed=17), "-o", o("flac_8k_stereo32.flac")])
    add("flac_8k_stereo32.flac", "FLAC", "flac-d", "32-bit (libsndfile 1.2.0 refuses it)")
    # FLAC, by this script's writer.
    crafted16(o("flac_crafted16.flac"))
    add("flac_crafted16.flac", "FLAC", note="hand-made: constant, verbatim, fixed, LPC 8 and 32, escaped partitions, 5-bit parameters, wasted bits, all stereo modes, variable blocks")
    crafted24(o("flac_crafted24.flac"))
    add("flac_crafted24.flac", "FLAC", note="hand-made: 24-bit noise, 5-bit Rice parameters, sample rate codes 14, 12, 8, 0")
    crafted32(o("flac_crafted32.flac"))
    add("flac_crafted32.flac", "FLAC", "flac-d", "hand-made: 32-bit, 33-bit side channels (libsndfile 1.2.0 refuses 32-bit)")
    # MP3.
    run(["lame", "--quiet", "-b", "32", src("h", 8000, 0.5, 1, seed=21), o("mp3_8k_mono.mp3")])
    add("mp3_8k_mono.mp3", "MP3", note="MPEG-2.5, CBR 32 kbps, LAME tag")
    run(["lame", "--quiet", "-b", "64", src("i", 16000, 0.15, 2, seed=22), o("mp3_16k_stereo.mp3")])
    add("mp3_16k_stereo.mp3", "MP3", note="MPEG-2, CBR 64 kbps, joint stereo")
    run(["lame", "--quiet", "-b", "128", src("j", 44100, 0.1, 1, seed=23), o("mp3_44k_mono.mp3")])
    add("mp3_44k_mono.mp3", "MP3", note="MPEG-1, CBR 128 kbps")
    run(["lame", "--quiet", "-V", "2", "--add-id3v2", "--tt", "Cochlea test", "--ta", "reference", src("k", 44100, 0.1, 1, seed=24), o("mp3_44k_mono_vbr_id3.mp3")])
    add("mp3_44k_mono_vbr_id3.mp3", "MP3", note="VBR (Xing), ID3v2 tag in front and ID3v1 tag at the end")
    run(["lame", "--quiet", "-t", "-b", "48", src("l", 22050, 0.2, 1, seed=25), o("mp3_22k_mono_notag.mp3")])
    add("mp3_22k_mono_notag.mp3", "MP3", note="no Xing/LAME tag (lame -t): nothing trimmed; libsndfile 1.2.0's info estimates the length from the file size")
    # Ogg Vorbis.
    run(["oggenc", "-Q", "--serial", "1234", "-q", "3", src("m", 8000, 0.5, 1, seed=31), "-o", o("vorbis_8k_mono.ogg")])
    add("vorbis_8k_mono.ogg", "VORBIS")
    run(["oggenc", "-Q", "--serial", "1234", "-q", "4", src("n", 16000, 0.15, 2, seed=32), "-o", o("vorbis_16k_stereo.ogg")])
    add("vorbis_16k_stereo.ogg", "VORBIS")
    run(["oggenc", "-Q", "--serial", "1234", "-q", "2", src("p", 44100, 0.1, 1, seed=33), "-o", o("vorbis_44k_mono.ogg")])
    add("vorbis_44k_mono.ogg", "VORBIS")
    run(["oggenc", "-Q", "--serial", "1234", "-q", "0", src("q", 22050, 2.5, 1, seed=34), "-o", o("vorbis_22k_mono_pages.ogg")])
    add("vorbis_22k_mono_pages.ogg", "VORBIS", note="2.5 s: several audio pages")
    # Ogg Opus.
    run(["opusenc", "--quiet", "--serial", "1234", "--bitrate", "16", src("r", 8000, 0.5, 1, seed=41), o("opus_8k_mono.opus")])
    add("opus_8k_mono.opus", "OPUS", note="decoded at 8 kHz, as libsndfile does")
    run(["opusenc", "--quiet", "--serial", "1234", "--bitrate", "48", src("s", 16000, 0.3, 1, seed=42), o("opus_16k_mono.opus")])
    add("opus_16k_mono.opus", "OPUS", note="decoded at 16 kHz")
    run(["opusenc", "--quiet", "--serial", "1234", "--bitrate", "64", src("t", 44100, 0.1, 2, seed=43), o("opus_44k_stereo.opus")])
    add("opus_44k_stereo.opus", "OPUS", note="44.1 kHz source: decoded at 48 kHz")
    run(["opusenc", "--quiet", "--serial", "1234", "--bitrate", "24", "--framesize", "60", src("u", 12000, 1.3, 1, seed=44), o("opus_12k_mono_60ms.opus")])
    add("opus_12k_mono_60ms.opus", "OPUS", note="60 ms packets, decoded at 12 kHz, two audio pages")
    run(["opusenc", "--quiet", "--serial", "1234", "--bitrate", "32", src("v", 48000, 0.1, 1, seed=45), o("opus_48k_mono_gain.opus")])
    set_opus_gain(o("opus_48k_mono_gain.opus"), -1536)
    add("opus_48k_mono_gain.opus", "OPUS", note="OpusHead output gain -6 dB (Q7.8 -1536), applied by the decoder")

    out = []
    for file, codec, kind, note in cases:
        path = o(file)
        data, rate, info_frames, subtype, call, start, part = reference(path, kind)
        frames, channels = data.shape
        head = data[:HEAD]
        tail = data[-TAIL:] if frames >= TAIL else data
        blocks = [head, tail] + ([part] if part is not None else [])
        raw = b"".join(np.ascontiguousarray(blk, dtype="<f4").tobytes() for blk in blocks)
        with open(path + ".f32.gz", "wb") as fh:
            fh.write(gzip.compress(raw, compresslevel=9, mtime=0))
        c = {"file": file, "codec": codec, "note": note, "call": call, "rate": int(rate), "channels": int(channels),
             "frames": int(frames), "info_frames": None if info_frames is None else int(info_frames), "subtype": subtype,
             "head_frames": int(head.shape[0]), "tail_frames": int(tail.shape[0]),
             "sha256": hashlib.sha256(np.ascontiguousarray(data, dtype="<f4").tobytes()).hexdigest(),
             "max_abs": [float(np.max(np.abs(data[:, k]))) for k in range(channels)],
             "mean": [float(np.mean(data[:, k], dtype=np.float64)) for k in range(channels)],
             "rms": [float(np.sqrt(np.mean(np.square(data[:, k], dtype=np.float64)))) for k in range(channels)],
             "bytes": os.path.getsize(path)}
        if part is not None:
            c["range"] = {"start": int(start), "frames": int(part.shape[0]), "call": "f = soundfile.SoundFile(path); f.seek(%d); f.read(%d, dtype='float32', always_2d=True)" % (start, RANGE)}
        out.append(c)

    def version(cmd):
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()

    def packages():
        try:
            out = subprocess.run(["dpkg-query", "-W", "-f", "${Package}=${Version}\\n", "libsndfile1", "libflac12", "libmpg123-0",
                                  "libogg0", "libvorbis0a", "libopus0", "libmp3lame0"], capture_output=True, text=True).stdout
            return dict(line.split("=", 1) for line in out.split() if "=" in line)
        except OSError:
            return {}

    meta = {"generated_by": {"debian_packages": packages(), "soundfile": sf.__version__, "libsndfile": sf.__libsndfile_version__, "numpy": np.__version__,
                             "python": sys.version.split()[0], "flac": version(["flac", "--version"]),
                             "lame": version(["lame", "--version"]), "oggenc": version(["oggenc", "--version"]),
                             "opusenc": version(["opusenc", "--version"])},
            "command": "/usr/bin/python3 reference/make_codec_reference.py",
            "layout": "<file>.f32.gz: gzip of float32 little-endian, interleaved [frames, channels]: the first head_frames frames, the last tail_frames frames, then range.frames frames from range.start",
            "cases": out}
    with open(os.path.join(OUT, "codecs.json"), "w") as fh:
        json.dump(meta, fh, indent=1)
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print("wrote %d cases, %d bytes in %s" % (len(out), total, OUT))


if __name__ == "__main__":
    main()
