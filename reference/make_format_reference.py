#!/usr/bin/python3
"""Uncompressed audio files beyond plain WAV, read by libsndfile: the reference for AudioFormatsTest.

Makes small files -- WAV variants (RF64, BW64, RIFX, 12/20-bit samples in 2/3-byte containers,
24 bits in 4-byte containers, data chunks cut short), AIFF / AIFF-C (every compression type
libsndfile reads among NONE, twos, sowt, raw, in24, in32, 42n1, 23ni, fl32/FL32, fl64/FL64, ulaw/ULAW,
alaw/ALAW; 12/20-bit samples; an SSND offset; a fractional rate) and Sun AU (every encoding,
both byte orders, unknown and cut-short sizes) -- with soundfile and sox where they can make the
variant, and by writing the bytes here where no tool does (the case's "made_by" says which). Then
writes what libsndfile (python3-soundfile) reads from each to
cochlea-core/src/test/resources/reference/formats/formats.json:

    /usr/bin/python3 reference/make_format_reference.py

Two variants libsndfile 1.2 does not read as intended are compared with a twin holding the same
samples (the case's "reference_file"): BW64 (libsndfile does not recognise the magic; the twin is
the RF64 file the BW64 one was made from, byte for byte except the magic) and 24-bit samples in
4-byte containers under the plain PCM tag (libsndfile ignores the block align and reads 3-byte
samples; the twin is the WAVE_FORMAT_EXTENSIBLE file with 24 valid bits in 32, which it reads right).

Samples are stored as base64 of little-endian float32, planar [channels][frames]. Needs Debian's
sox and python3-soundfile, python3-numpy. Deterministic: run again, it writes the same bytes (the
time stamps of libsndfile's PEAK chunks and sox's AIFF comments are zeroed).
"""
import base64
import json
import math
import os
import struct
import subprocess
import sys

import numpy as np
import soundfile as sf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "cochlea-core", "src", "test", "resources", "reference", "formats")
FRAMES = 200
RATE = 8000
GUID_TAIL = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xAA\x00\x38\x9B\x71"


def signal(channels, seed, loud=False):
    """[FRAMES, channels] in [-1, 1] (beyond it when loud): a rising tone with noise, ending at both extremes."""
    rng = np.random.default_rng(seed)
    t = np.arange(FRAMES) / RATE
    ramp = np.linspace(0.001, 1.0, FRAMES)
    cols = [ramp * np.sin(2 * np.pi * (300 + 170 * c) * t + c) + 0.01 * rng.standard_normal(FRAMES) for c in range(channels)]
    x = np.clip(np.stack(cols, axis=1), -1, 1)
    x[-2, :] = -1.0
    x[-1, :] = 1.0 - 2.0 ** -24
    if loud:
        x[:, 0] *= 1.5
    return x


def ints(x, bits):
    """x quantized to signed integers of `bits` bits."""
    top = 2 ** (bits - 1)
    return np.clip(np.round(x * top), -top, top - 1).astype(np.int64)


def pack(values, width, order):
    """Signed integers as `width`-byte two's complement, byte order '<' or '>'."""
    out = bytearray()
    for v in values.reshape(-1):
        b = int(v & ((1 << (8 * width)) - 1)).to_bytes(width, "little")
        out += b if order == "<" else b[::-1]
    return bytes(out)


# ------------------------------------------------------------------ writers for what no tool makes

def wav_bytes(fmt_tag, channels, bits, container, data, valid=None, magic=b"RIFF"):
    align = channels * container
    if valid is None:
        fmt = struct.pack("<HHIIHH", fmt_tag, channels, RATE, RATE * align, align, bits)
    else:
        fmt = struct.pack("<HHIIHHHHI", 0xFFFE, channels, RATE, RATE * align, align, bits, 22, valid, 0)
        fmt += struct.pack("<H", fmt_tag) + GUID_TAIL
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    if len(data) % 2:
        body += b"\0"
    return magic + struct.pack("<I", len(body)) + body


def extended80(rate):
    exp = math.frexp(rate)[1] - 1
    return struct.pack(">HQ", 16383 + exp, int(rate * 2 ** (63 - exp)))


def aiff_bytes(compression, channels, bits, data, rate=RATE, offset=0, name=b""):
    """AIFF (compression None) or AIFF-C with `compression`; an SSND chunk with `offset` bytes before the samples."""
    frames = len(data) // max(1, channels * ((bits + 7) // 8))
    comm = struct.pack(">hIh", channels, frames, bits) + extended80(rate)
    if compression is not None:
        pname = bytes([len(name)]) + name
        comm += compression + pname + (b"\0" if len(pname) % 2 else b"")
    ssnd = struct.pack(">II", offset, 0) + b"\xAA" * offset + data
    body = b"AIFF" if compression is None else b"AIFC" + b"FVER" + struct.pack(">II", 4, 0xA2805140)
    body += b"COMM" + struct.pack(">I", len(comm)) + comm
    body += b"SSND" + struct.pack(">I", len(ssnd)) + ssnd + (b"\0" if len(ssnd) % 2 else b"")
    return b"FORM" + struct.pack(">I", len(body)) + body


# ------------------------------------------------------------------ the cases

def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    cases = []

    def path(name):
        return os.path.join(OUT, name)

    def write_bytes(name, b):
        with open(path(name), "wb") as fh:
            fh.write(b)

    def cut(name, keep_fraction=0.7):
        """Cuts the file's last bytes off, mid-sample, leaving its header's sizes as they were."""
        with open(path(name), "rb") as fh:
            b = fh.read()
        write_bytes(name, b[: int(len(b) * keep_fraction) | 1])

    def add(name, made_by, reference=None, warning=False, rate=None):
        ref = reference or name
        info = sf.info(path(ref))
        data, sr = sf.read(path(ref), dtype="float32", always_2d=True)
        planar = np.ascontiguousarray(data.T).astype("<f4")
        cases.append({"file": name, "reference_file": ref, "made_by": made_by,
                      "format": info.format, "subtype": info.subtype, "endian": info.endian,
                      "rate": int(sr), "channels": int(data.shape[1]), "frames": int(data.shape[0]),
                      "warning": warning, "samples_f32le": base64.b64encode(planar.tobytes()).decode("ascii")})
        if rate is not None:
            assert sr == rate, (name, sr)

    def no_timestamps(name):
        """Zeroes the time stamps libsndfile's PEAK chunk and sox's AIFF COMT chunk hold, so that runs give the same bytes."""
        with open(path(name), "rb") as fh:
            b = bytearray(fh.read())
        head = bytes(b[:512])
        for tag, at in ((b"PEAK", 12), (b"COMT", 10)):   # PEAK: version, time stamp; COMT: count, time stamp
            i = head.find(tag)
            if i >= 0:
                b[i + at:i + at + 4] = b"\0\0\0\0"
        write_bytes(name, bytes(b))

    def soundfile(name, x, fmt, subtype, endian="FILE"):
        sf.write(path(name), x, RATE, format=fmt, subtype=subtype, endian=endian)
        no_timestamps(name)
        return "soundfile.write(format=%r, subtype=%r, endian=%r)" % (fmt, subtype, endian)

    def sox(name, x, *args):
        src = path("source.wav")
        sf.write(src, x, RATE, subtype="PCM_24")
        subprocess.run(["sox", "-D", src] + list(args) + [path(name)], check=True)
        os.remove(src)
        no_timestamps(name)
        return "sox -D source.wav " + " ".join(args) + " " + name + " (source.wav: soundfile PCM_24)"

    # WAV: RF64 / BW64 -------------------------------------------------
    add("rf64-pcm16-2ch.wav", soundfile("rf64-pcm16-2ch.wav", signal(2, 1), "RF64", "PCM_16"))
    add("rf64-pcm24-1ch.wav", soundfile("rf64-pcm24-1ch.wav", signal(1, 2), "RF64", "PCM_24"))
    add("rf64-float-2ch.wav", soundfile("rf64-float-2ch.wav", signal(2, 3, loud=True), "RF64", "FLOAT"))
    add("rf64-ulaw-1ch.wav", soundfile("rf64-ulaw-1ch.wav", signal(1, 4), "RF64", "ULAW"))
    with open(path("rf64-pcm16-2ch.wav"), "rb") as fh:
        write_bytes("bw64-pcm16-2ch.wav", b"BW64" + fh.read()[4:])
    add("bw64-pcm16-2ch.wav", "rf64-pcm16-2ch.wav with the magic 'BW64'", reference="rf64-pcm16-2ch.wav")
    made = soundfile("rf64-cut-pcm16-1ch.wav", signal(1, 5), "RF64", "PCM_16")
    cut("rf64-cut-pcm16-1ch.wav")
    add("rf64-cut-pcm16-1ch.wav", made + ", its last 30 % cut off", warning=True)

    # WAV: RIFX ---------------------------------------------------------
    add("rifx-pcm16-2ch.wav", sox("rifx-pcm16-2ch.wav", signal(2, 6), "-B", "-e", "signed", "-b", "16"))
    add("rifx-u8-1ch.wav", sox("rifx-u8-1ch.wav", signal(1, 7), "-B", "-e", "unsigned", "-b", "8"))
    add("rifx-ulaw-1ch.wav", sox("rifx-ulaw-1ch.wav", signal(1, 8), "-B", "-e", "u-law"))
    add("rifx-pcm24-2ch.wav", soundfile("rifx-pcm24-2ch.wav", signal(2, 9), "WAV", "PCM_24", "BIG"))
    add("rifx-pcm32-1ch.wav", soundfile("rifx-pcm32-1ch.wav", signal(1, 10), "WAV", "PCM_32", "BIG"))
    add("rifx-float-1ch.wav", soundfile("rifx-float-1ch.wav", signal(1, 11, loud=True), "WAV", "FLOAT", "BIG"))
    add("rifx-double-2ch.wav", soundfile("rifx-double-2ch.wav", signal(2, 12, loud=True), "WAV", "DOUBLE", "BIG"))

    # WAV: samples narrower than their containers -------------------------
    x = signal(1, 13)
    write_bytes("pcm12-1ch.wav", wav_bytes(1, 1, 12, 2, pack(ints(x, 12) << 4, 2, "<")))
    add("pcm12-1ch.wav", "bytes: PCM tag, 12 bits, block align 2, samples in the top 12 bits")
    x = signal(2, 14)
    write_bytes("pcm12-2ch.wav", wav_bytes(1, 2, 12, 2, pack(ints(x, 12) << 4, 2, "<")))
    add("pcm12-2ch.wav", "bytes: PCM tag, 12 bits, block align 4, samples in the top 12 bits")
    x = signal(2, 15)
    write_bytes("pcm20-2ch.wav", wav_bytes(1, 2, 20, 3, pack(ints(x, 20) << 4, 3, "<")))
    add("pcm20-2ch.wav", "bytes: PCM tag, 20 bits, block align 6, samples in the top 20 bits")
    x = signal(2, 16)
    write_bytes("wavex-24in32-2ch.wav", wav_bytes(1, 2, 32, 4, pack(ints(x, 24) << 8, 4, "<"), valid=24))
    add("wavex-24in32-2ch.wav", "bytes: WAVE_FORMAT_EXTENSIBLE PCM, 32-bit containers, wValidBitsPerSample 24")
    write_bytes("pcm24in32-2ch.wav", wav_bytes(1, 2, 24, 4, pack(ints(x, 24) << 8, 4, "<")))
    add("pcm24in32-2ch.wav", "bytes: PCM tag, 24 bits, block align 8 (the samples of wavex-24in32-2ch.wav)",
        reference="wavex-24in32-2ch.wav")
    x = signal(1, 17)
    write_bytes("wavex-20in24-1ch.wav", wav_bytes(1, 1, 24, 3, pack(ints(x, 20) << 4, 3, "<"), valid=20))
    add("wavex-20in24-1ch.wav", "bytes: WAVE_FORMAT_EXTENSIBLE PCM, 24-bit containers, wValidBitsPerSample 20")
    write_bytes("wavex-12in16-1ch.wav", wav_bytes(1, 1, 16, 2, pack(ints(x, 12) << 4, 2, "<"), valid=12))
    add("wavex-12in16-1ch.wav", "bytes: WAVE_FORMAT_EXTENSIBLE PCM, 16-bit containers, wValidBitsPerSample 12")

    # WAV: a data chunk declared longer than the file ---------------------
    made = soundfile("wav-cut-pcm16-2ch.wav", signal(2, 18), "WAV", "PCM_16")
    cut("wav-cut-pcm16-2ch.wav")
    add("wav-cut-pcm16-2ch.wav", made + ", its last 30 % cut off", warning=True)

    # AIFF / AIFF-C made by tools ------------------------------------------
    add("aiff-pcm8-1ch.aiff", soundfile("aiff-pcm8-1ch.aiff", signal(1, 20), "AIFF", "PCM_S8"))
    add("aiff-pcm16-2ch.aiff", sox("aiff-pcm16-2ch.aiff", signal(2, 21), "-e", "signed", "-b", "16"))
    add("aiff-pcm24-2ch.aiff", soundfile("aiff-pcm24-2ch.aiff", signal(2, 22), "AIFF", "PCM_24"))
    add("aiff-pcm32-1ch.aiff", soundfile("aiff-pcm32-1ch.aiff", signal(1, 23), "AIFF", "PCM_32"))
    add("aifc-none-pcm16-1ch.aifc", sox("aifc-none-pcm16-1ch.aifc", signal(1, 24), "-e", "signed", "-b", "16"))
    add("aifc-sowt-pcm16-2ch.aifc", soundfile("aifc-sowt-pcm16-2ch.aifc", signal(2, 25), "AIFF", "PCM_16", "LITTLE"))
    add("aifc-42n1-pcm24-1ch.aifc", soundfile("aifc-42n1-pcm24-1ch.aifc", signal(1, 26), "AIFF", "PCM_24", "LITTLE"))
    add("aifc-raw-u8-1ch.aifc", soundfile("aifc-raw-u8-1ch.aifc", signal(1, 27), "AIFF", "PCM_U8"))
    add("aifc-FL32-2ch.aifc", soundfile("aifc-FL32-2ch.aifc", signal(2, 28, loud=True), "AIFF", "FLOAT"))
    add("aifc-FL64-1ch.aifc", soundfile("aifc-FL64-1ch.aifc", signal(1, 29, loud=True), "AIFF", "DOUBLE"))
    add("aifc-ulaw-1ch.aifc", soundfile("aifc-ulaw-1ch.aifc", signal(1, 30), "AIFF", "ULAW"))
    add("aifc-alaw-2ch.aifc", soundfile("aifc-alaw-2ch.aifc", signal(2, 31), "AIFF", "ALAW"))

    # AIFF / AIFF-C written here ---------------------------------------------
    x2, x1 = signal(2, 40), signal(1, 41)
    write_bytes("aifc-twos-pcm16-2ch.aifc", aiff_bytes(b"twos", 2, 16, pack(ints(x2, 16), 2, ">"), name=b"twos"))
    add("aifc-twos-pcm16-2ch.aifc", "bytes: AIFF-C 'twos', 16 bits")
    write_bytes("aifc-sowt-pcm32-1ch.aifc", aiff_bytes(b"sowt", 1, 32, pack(ints(x1, 32), 4, "<")))
    add("aifc-sowt-pcm32-1ch.aifc", "bytes: AIFF-C 'sowt', 32 bits")
    write_bytes("aifc-sowt-pcm24-2ch.aifc", aiff_bytes(b"sowt", 2, 24, pack(ints(x2, 24), 3, "<")))
    add("aifc-sowt-pcm24-2ch.aifc", "bytes: AIFF-C 'sowt', 24 bits")
    write_bytes("aifc-fl32-1ch.aifc", aiff_bytes(b"fl32", 1, 32, signal(1, 42, loud=True).astype(">f4").tobytes(), name=b"32-bit float"))
    add("aifc-fl32-1ch.aifc", "bytes: AIFF-C 'fl32' (lower case)")
    write_bytes("aifc-fl64-2ch.aifc", aiff_bytes(b"fl64", 2, 64, signal(2, 43, loud=True).astype(">f8").tobytes()))
    add("aifc-fl64-2ch.aifc", "bytes: AIFF-C 'fl64' (lower case)")
    for comp, seed in ((b"ULAW", 44), (b"ALAW", 45)):
        name = "aifc-%s-1ch.aifc" % comp.decode()
        subtype = "ULAW" if comp == b"ULAW" else "ALAW"
        sf.write(path("g711.au"), signal(1, seed), RATE, format="AU", subtype=subtype)
        with open(path("g711.au"), "rb") as fh:
            codes = fh.read()[24:]
        os.remove(path("g711.au"))
        write_bytes(name, aiff_bytes(comp, 1, 16, codes))
        add(name, "bytes: AIFF-C %r (upper case), the codes soundfile writes to AU %s" % (comp.decode(), subtype))
    write_bytes("aifc-in24-1ch.aifc", aiff_bytes(b"in24", 1, 24, pack(ints(x1, 24), 3, ">")))
    add("aifc-in24-1ch.aifc", "bytes: AIFF-C 'in24'")
    write_bytes("aifc-in32-1ch.aifc", aiff_bytes(b"in32", 1, 32, pack(ints(x1, 32), 4, ">")))
    add("aifc-in32-1ch.aifc", "bytes: AIFF-C 'in32'")
    write_bytes("aifc-23ni-2ch.aifc", aiff_bytes(b"23ni", 2, 32, pack(ints(x2, 32), 4, "<")))
    add("aifc-23ni-2ch.aifc", "bytes: AIFF-C '23ni' (little-endian 32-bit)")
    write_bytes("aiff-pcm12-1ch.aiff", aiff_bytes(None, 1, 12, pack(ints(x1, 12) << 4, 2, ">")))
    add("aiff-pcm12-1ch.aiff", "bytes: AIFF, 12-bit samples in 2 bytes")
    write_bytes("aiff-pcm20-2ch.aiff", aiff_bytes(None, 2, 20, pack(ints(x2, 20) << 4, 3, ">")))
    add("aiff-pcm20-2ch.aiff", "bytes: AIFF, 20-bit samples in 3 bytes")
    write_bytes("aiff-offset-pcm16-1ch.aiff", aiff_bytes(None, 1, 16, pack(ints(x1, 16), 2, ">"), offset=6))
    add("aiff-offset-pcm16-1ch.aiff", "bytes: AIFF, an SSND offset of 6 bytes")
    write_bytes("aiff-rate22254-pcm16-1ch.aiff", aiff_bytes(None, 1, 16, pack(ints(x1, 16), 2, ">"), rate=22254.545454))
    add("aiff-rate22254-pcm16-1ch.aiff", "bytes: AIFF at 22254.545454 Hz (the Macintosh rate)", rate=22254)
    made = soundfile("aiff-cut-pcm16-2ch.aiff", signal(2, 46), "AIFF", "PCM_16")
    cut("aiff-cut-pcm16-2ch.aiff")
    add("aiff-cut-pcm16-2ch.aiff", made + ", its last 30 % cut off", warning=True)

    # AU ---------------------------------------------------------------------
    add("au-ulaw-1ch.au", sox("au-ulaw-1ch.au", signal(1, 50), "-e", "u-law"))
    add("au-pcm16-2ch.au", sox("au-pcm16-2ch.au", signal(2, 51), "-e", "signed", "-b", "16"))
    add("au-pcm8-1ch.au", soundfile("au-pcm8-1ch.au", signal(1, 52), "AU", "PCM_S8"))
    add("au-pcm24-2ch.au", soundfile("au-pcm24-2ch.au", signal(2, 53), "AU", "PCM_24"))
    add("au-pcm32-1ch.au", soundfile("au-pcm32-1ch.au", signal(1, 54), "AU", "PCM_32"))
    add("au-float-2ch.au", soundfile("au-float-2ch.au", signal(2, 55, loud=True), "AU", "FLOAT"))
    add("au-double-1ch.au", soundfile("au-double-1ch.au", signal(1, 56, loud=True), "AU", "DOUBLE"))
    add("au-alaw-2ch.au", soundfile("au-alaw-2ch.au", signal(2, 57), "AU", "ALAW"))
    add("au-le-pcm16-1ch.au", soundfile("au-le-pcm16-1ch.au", signal(1, 58), "AU", "PCM_16", "LITTLE"))
    add("au-le-float-1ch.au", soundfile("au-le-float-1ch.au", signal(1, 59), "AU", "FLOAT", "LITTLE"))
    made = soundfile("au-unknown-size-pcm16-1ch.au", signal(1, 60), "AU", "PCM_16")
    with open(path("au-unknown-size-pcm16-1ch.au"), "rb") as fh:
        b = bytearray(fh.read())
    b[8:12] = b"\xff\xff\xff\xff"
    write_bytes("au-unknown-size-pcm16-1ch.au", bytes(b))
    add("au-unknown-size-pcm16-1ch.au", made + ", data size set to 0xFFFFFFFF (unknown)")
    made = soundfile("au-cut-pcm16-2ch.au", signal(2, 61), "AU", "PCM_16")
    cut("au-cut-pcm16-2ch.au")
    add("au-cut-pcm16-2ch.au", made + ", its last 30 % cut off", warning=True)

    meta = {"generated_by": {"soundfile": sf.__version__, "libsndfile": sf.__libsndfile_version__, "numpy": np.__version__,
                             "python": sys.version.split()[0],
                             "sox": subprocess.run(["sox", "--version"], capture_output=True, text=True).stdout.strip()},
            "command": "/usr/bin/python3 reference/make_format_reference.py",
            "call": "soundfile.read(reference_file, dtype='float32', always_2d=True); soundfile.info(reference_file)",
            "samples": "base64 of little-endian float32, planar [channels][frames]",
            "cases": cases}
    with open(path("formats.json"), "w") as fh:
        json.dump(meta, fh, indent=0)
        fh.write("\n")
    print("wrote", len(cases), "cases to", OUT)


if __name__ == "__main__":
    main()
