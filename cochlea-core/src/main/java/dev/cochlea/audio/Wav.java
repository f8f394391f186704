package dev.cochlea.audio;

import dev.cochlea.io.AtomicFiles;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes RIFF/WAVE files, like {@code torchaudio.load}, {@code torchaudio.info} and
 * {@code torchaudio.save}.
 *
 * <p>Reads PCM 8 (unsigned), 16, 24 and 32-bit, IEEE float 32 and 64-bit, plain or as
 * {@code WAVE_FORMAT_EXTENSIBLE} with a PCM or float sub-format, with any number of channels.
 * Chunks other than {@code fmt } and {@code data} ({@code LIST}, {@code fact}, {@code cue }, ...)
 * are skipped, honouring the pad byte after odd-sized chunks. Samples are scaled to floats exactly
 * as torchaudio does: int16 / 32768, int32 / 2^31, 24-bit / 2^23, unsigned 8-bit (x - 128) / 128;
 * floats are taken as they are. A range of frames can be read without reading the rest of the file.
 *
 * <p>Every size in the header is checked against the file's length before anything is
 * allocated; problems are reported as {@link AudioFormatException}s that name the file.
 * Writes go to a temporary file in the target's folder that is then renamed into place.
 *
 * <pre>{@code
 * AudioData a = Wav.read(Path.of("clip.wav"));               // waveform [channels, frames]
 * AudioInfo info = Wav.info(Path.of("clip.wav"));            // header only
 * AudioData part = Wav.read(Path.of("clip.wav"), 8000, 4000); // frames 8000 .. 11999
 * Wav.write16(Path.of("out.wav"), a.waveform(), a.sampleRate());
 * }</pre>
 */
public final class Wav {
    private static final int RIFF = fourcc("RIFF");
    private static final int RF64 = fourcc("RF64");
    private static final int WAVE = fourcc("WAVE");
    private static final int FMT = fourcc("fmt ");
    private static final int DATA = fourcc("data");
    private static final int FACT = fourcc("fact");

    private static final int TAG_PCM = 0x0001;
    private static final int TAG_FLOAT = 0x0003;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    private static final int TAG_ALAW = 0x0006;
    private static final int TAG_MULAW = 0x0007;
    /** Bytes 2..15 of the KSDATAFORMAT_SUBTYPE_* GUIDs (the first two bytes are the format tag). */
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
            0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    /** Bytes read in one go at the start of a file: whole small files, the header of large ones. */
    private static final int HEAD_BYTES = 1 << 16;
    /** Bytes decoded per step when a read does not fit in the first block. */
    private static final int CHUNK_BYTES = 1 << 20;
    /** The most floats one tensor may hold. */
    private static final long MAX_FLOATS = Integer.MAX_VALUE - 16;

    private Wav() {}

    // ------------------------------------------------------------------ reading

    /**
     * Reads a whole WAV file.
     *
     * @return the waveform {@code [channels, frames]} scaled to {@code [-1, 1]}, the sample rate and encoding
     * @throws AudioFormatException when the file is not a WAV file Cochlea can decode
     */
    public static AudioData read(Path file) throws IOException {
        return read(file, 0, -1);
    }

    /**
     * Reads {@code frames} frames starting at frame {@code frameOffset} (like {@code torchaudio.load}'s
     * {@code frame_offset} and {@code num_frames}), seeking past the frames before it. A range that
     * runs past the end is cut at the end; an offset past the end gives zero frames.
     *
     * @param frameOffset the first frame to read, {@code >= 0}
     * @param frames      how many frames to read; negative for "to the end"
     */
    public static AudioData read(Path file, long frameOffset, int frames) throws IOException {
        if (frameOffset < 0) throw new IllegalArgumentException("frameOffset must be >= 0, found " + frameOffset);
        try (Source src = Source.open(file, HEAD_BYTES)) {
            Layout l = parse(src);
            long start = Math.min(frameOffset, l.frames());
            long n = frames < 0 ? l.frames() - start : Math.min(frames, l.frames() - start);
            if (n * l.channels > MAX_FLOATS) {
                throw new AudioFormatException(file, "too long to load into one tensor (" + n + " frames x " + l.channels
                        + " channels); read a range with Wav.read(file, frameOffset, frames)");
            }
            int count = (int) n;
            float[] out = new float[count * l.channels];
            int framesPerChunk = Math.max(1, CHUNK_BYTES / l.blockAlign);
            for (int done = 0; done < count; ) {
                int step = Math.min(framesPerChunk, count - done);
                long pos = l.dataStart + (start + done) * l.blockAlign;
                ByteBuffer b = src.bytes(pos, step * l.blockAlign);
                decode(b, l.encoding, l.channels, step, out, done, count);
                done += step;
            }
            return new AudioData(Tensor.wrap(out, l.channels, count), l.sampleRate, l.encoding);
        }
    }

    /**
     * Reads the header of a WAV file: sample rate, channels, frames and encoding (like
     * {@code torchaudio.info}). Reads no samples.
     *
     * @throws AudioFormatException when the file is not a WAV file Cochlea can decode
     */
    public static AudioInfo info(Path file) throws IOException {
        try (Source src = Source.open(file, 4096)) {
            Layout l = parse(src);
            return new AudioInfo(l.format(), l.sampleRate, l.channels, l.frames(), l.encoding);
        }
    }

    /** Where the samples are and how they are stored. */
    private record Layout(AudioEncoding encoding, int channels, int sampleRate, int blockAlign, long dataStart, long dataBytes) {
        long frames() {
            return dataBytes / blockAlign;
        }

        String format() {
            return "WAV";
        }
    }

    private static Layout parse(Source src) throws IOException {
        Path file = src.file;
        long size = src.size;
        if (size < 12) {
            throw new AudioFormatException(file, "truncated: the file has " + size
                    + " bytes, fewer than the 12-byte RIFF/WAVE header");
        }
        ByteBuffer h = src.bytes(0, 12);
        int magic = h.getInt(0);
        if (magic == RF64) throw new AudioFormatException(file, "RF64 (64-bit RIFF) WAV files are not supported");
        if (magic != RIFF) {
            throw new AudioFormatException(file, "not a WAV file: expected 'RIFF' at byte 0, found " + show(h, 0));
        }
        if (h.getInt(8) != WAVE) {
            throw new AudioFormatException(file, "not a WAV file: the RIFF form type is " + show(h, 8) + ", expected 'WAVE'");
        }
        long riffSize = h.getInt(4) & 0xFFFFFFFFL;
        boolean streamed = riffSize == 0 || riffSize == 0xFFFFFFFFL;
        Fmt fmt = null;
        long dataStart = -1, dataBytes = 0;
        long pos = 12;
        while (pos + 8 <= size && (fmt == null || dataStart < 0)) {
            ByteBuffer c = src.bytes(pos, 8);
            int id = c.getInt(0);
            long chunkSize = c.getInt(4) & 0xFFFFFFFFL;
            long body = pos + 8;
            long remain = size - body;
            if (id == DATA && dataStart < 0 && (chunkSize > remain || (chunkSize == 0 && remain > 0 && streamed))) {
                // Cut short, or streamed (sizes written as 0xFFFFFFFF, or as 0 in a RIFF header of size 0
                // or 0xFFFFFFFF): read what is there, as libsndfile does.
                chunkSize = remain;
            }
            if (chunkSize > remain) {
                String name = id == DATA ? "data" : id == FMT ? "fmt " : null;
                throw new AudioFormatException(file, (name != null ? "truncated: the '" + name + "' chunk" : "chunk " + show(c, 0))
                        + " at byte " + pos + " declares " + chunkSize + " bytes but only " + remain + " remain in the file");
            }
            if (id == FMT && fmt == null) {
                fmt = parseFmt(file, src.bytes(body, (int) Math.min(chunkSize, 40)), chunkSize);
            } else if (id == DATA && dataStart < 0) {
                dataStart = body;
                dataBytes = chunkSize;
            }
            pos = body + chunkSize + (chunkSize & 1);
        }
        if (fmt == null) {
            throw new AudioFormatException(file, "no 'fmt ' chunk before the end of the file (truncated or not a WAV file)");
        }
        if (dataStart < 0) throw new AudioFormatException(file, "no 'data' chunk (truncated file?)");
        return new Layout(fmt.encoding, fmt.channels, fmt.sampleRate, fmt.blockAlign, dataStart, dataBytes);
    }

    private record Fmt(AudioEncoding encoding, int channels, int sampleRate, int blockAlign) {}

    private static Fmt parseFmt(Path file, ByteBuffer b, long chunkSize) throws IOException {
        if (chunkSize < 16) {
            throw new AudioFormatException(file, "the 'fmt ' chunk has " + chunkSize + " bytes, fewer than the 16 it needs");
        }
        int tag = b.getShort(0) & 0xFFFF;
        int channels = b.getShort(2) & 0xFFFF;
        long rate = b.getInt(4) & 0xFFFFFFFFL;
        int blockAlign = b.getShort(12) & 0xFFFF;
        int bits = b.getShort(14) & 0xFFFF;
        if (tag == TAG_EXTENSIBLE) {
            if (chunkSize < 40) {
                throw new AudioFormatException(file, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has " + chunkSize
                        + " bytes, fewer than the 40 it needs");
            }
            int sub = b.getShort(24) & 0xFFFF;
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (b.get(26 + i) != GUID_TAIL[i]) {
                    StringBuilder g = new StringBuilder();
                    for (int j = 24; j < 40; j++) g.append(String.format("%02x", b.get(j) & 0xFF));
                    throw new AudioFormatException(file, "unsupported WAVE_FORMAT_EXTENSIBLE sub-format GUID " + g
                            + " (Cochlea reads the PCM and IEEE float sub-formats)");
                }
            }
            tag = sub;
        }
        AudioEncoding enc = switch (tag) {
            case TAG_PCM -> switch (bits) {
                case 8 -> AudioEncoding.PCM_U8;
                case 16 -> AudioEncoding.PCM_S16;
                case 24 -> AudioEncoding.PCM_S24;
                case 32 -> AudioEncoding.PCM_S32;
                default -> throw new AudioFormatException(file, "unsupported PCM bit depth " + bits + " (supported: 8, 16, 24, 32)");
            };
            case TAG_FLOAT -> switch (bits) {
                case 32 -> AudioEncoding.FLOAT32;
                case 64 -> AudioEncoding.FLOAT64;
                default -> throw new AudioFormatException(file, "unsupported IEEE float bit depth " + bits + " (supported: 32, 64)");
            };
            case TAG_ALAW, TAG_MULAW -> {
                if (bits != 8) throw new AudioFormatException(file, tagName(tag) + " needs 8 bits per sample, found " + bits);
                yield tag == TAG_MULAW ? AudioEncoding.MULAW : AudioEncoding.ALAW;
            }
            default -> throw new AudioFormatException(file, String.format(
                    "unsupported WAV format tag 0x%04X (%s); Cochlea reads PCM (0x0001), IEEE float (0x0003), A-law (0x0006), "
                            + "mu-law (0x0007) and WAVE_FORMAT_EXTENSIBLE (0xFFFE) with one of those as sub-format", tag, tagName(tag)));
        };
        if (channels == 0) throw new AudioFormatException(file, "the 'fmt ' chunk declares 0 channels");
        if (rate == 0 || rate > Integer.MAX_VALUE) {
            throw new AudioFormatException(file, "invalid sample rate " + rate + " Hz in the 'fmt ' chunk");
        }
        int expected = channels * enc.bytesPerSample();
        if (blockAlign != expected) {
            throw new AudioFormatException(file, "bad block align " + blockAlign + ": " + channels + " channel(s) of "
                    + bits + "-bit samples take " + expected + " bytes per frame");
        }
        return new Fmt(enc, channels, (int) rate, blockAlign);
    }

    private static String tagName(int tag) {
        return switch (tag) {
            case 0x0000 -> "unknown";
            case 0x0002 -> "Microsoft ADPCM";
            case 0x0006 -> "A-law";
            case 0x0007 -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0022 -> "TrueSpeech";
            case 0x0031 -> "GSM 6.10";
            case 0x0050 -> "MPEG";
            case 0x0055 -> "MPEG Layer 3";
            case 0x00FF -> "AAC";
            case 0x0161, 0x0162, 0x0163 -> "Windows Media Audio";
            case 0xF1AC -> "FLAC";
            default -> "a compressed or unknown encoding";
        };
    }

    /**
     * Decodes {@code frames} interleaved frames from {@code b} (little endian, from index 0) into the
     * planar {@code out}: channel {@code c}, frame {@code f} goes to {@code out[c * stride + outFrame + f]}.
     */
    private static void decode(ByteBuffer b, AudioEncoding enc, int channels, int frames, float[] out, int outFrame, int stride) {
        int n = frames * channels;
        switch (enc) {
            case PCM_U8 -> {
                for (int k = 0, f = 0, c = 0; k < n; k++) {
                    out[c * stride + outFrame + f] = ((b.get(k) & 0xFF) - 128) * (1f / 128f);
                    if (++c == channels) { c = 0; f++; }
                }
            }
            case PCM_S16 -> {
                if (channels == 1) {
                    for (int f = 0; f < frames; f++) out[outFrame + f] = b.getShort(2 * f) * (1f / 32768f);
                } else {
                    for (int k = 0, f = 0, c = 0; k < n; k++) {
                        out[c * stride + outFrame + f] = b.getShort(2 * k) * (1f / 32768f);
                        if (++c == channels) { c = 0; f++; }
                    }
                }
            }
            case PCM_S24 -> {
                for (int k = 0, f = 0, c = 0; k < n; k++) {
                    int i = 3 * k;
                    int v = (b.get(i) & 0xFF) | (b.get(i + 1) & 0xFF) << 8 | b.get(i + 2) << 16;
                    out[c * stride + outFrame + f] = v * (1f / 8388608f);
                    if (++c == channels) { c = 0; f++; }
                }
            }
            case PCM_S32 -> {
                for (int k = 0, f = 0, c = 0; k < n; k++) {
                    out[c * stride + outFrame + f] = int32ToFloat(b.getInt(4 * k));
                    if (++c == channels) { c = 0; f++; }
                }
            }
            case FLOAT32 -> {
                for (int k = 0, f = 0, c = 0; k < n; k++) {
                    out[c * stride + outFrame + f] = b.getFloat(4 * k);
                    if (++c == channels) { c = 0; f++; }
                }
            }
            case FLOAT64 -> {
                for (int k = 0, f = 0, c = 0; k < n; k++) {
                    out[c * stride + outFrame + f] = (float) b.getDouble(8 * k);
                    if (++c == channels) { c = 0; f++; }
                }
            }
            case MULAW, ALAW -> {
                float[] table = enc == AudioEncoding.MULAW ? MULAW_TABLE : ALAW_TABLE;
                for (int k = 0, f = 0, c = 0; k < n; k++) {
                    out[c * stride + outFrame + f] = table[b.get(k) & 0xFF];
                    if (++c == channels) { c = 0; f++; }
                }
            }
        }
    }

    private static final float[] MULAW_TABLE = g711Table(true), ALAW_TABLE = g711Table(false);

    /** The 256 G.711 code words expanded to 16-bit linear (ITU-T G.711), divided by 32768. */
    private static float[] g711Table(boolean mu) {
        float[] t = new float[256];
        for (int code = 0; code < 256; code++) {
            int linear;
            if (mu) {
                int u = ~code & 0xFF;
                int m = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
                linear = (u & 0x80) != 0 ? 0x84 - m : m - 0x84;
            } else {
                int a = code ^ 0x55;
                int m = (a & 0x0F) << 4;
                int seg = (a & 0x70) >> 4;
                m = seg == 0 ? m + 8 : (m + 0x108) << (seg - 1);
                linear = (a & 0x80) != 0 ? m : -m;
            }
            t[code] = linear / 32768f;
        }
        return t;
    }

    /** sox's SOX_SAMPLE_TO_FLOAT_32BIT, which torchaudio uses: round to 25 bits, then divide by 2^31. */
    static float int32ToFloat(int s) {
        if (s > Integer.MAX_VALUE - 64) return 1f;
        return (float) (((s + 64) & ~127) * (1.0 / 2147483648.0));
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes a 16-bit PCM WAV file. Samples are clipped to {@code [-1, 1]} and rounded the way
     * {@code torchaudio.save(..., encoding="PCM_S", bits_per_sample=16)} rounds them (sox: to
     * nearest, halves up); NaN is written as 0. An existing file is replaced.
     *
     * @param waveform {@code [channels, frames]}, or {@code [frames]} for mono
     */
    public static void write16(Path file, Tensor waveform, int sampleRate) throws IOException {
        write(file, waveform, sampleRate, AudioEncoding.PCM_S16);
    }

    /**
     * Writes a 32-bit IEEE float WAV file with the samples as they are (no clipping). An existing
     * file is replaced.
     *
     * @param waveform {@code [channels, frames]}, or {@code [frames]} for mono
     */
    public static void writeFloat(Path file, Tensor waveform, int sampleRate) throws IOException {
        write(file, waveform, sampleRate, AudioEncoding.FLOAT32);
    }

    /** The 16-bit sample torchaudio (through sox) writes for {@code x}. */
    static short quantize16(float x) {
        if (Float.isNaN(x)) return 0;
        double d = Math.max(-1.0, Math.min(1.0, x)) * 2147483648.0;
        long s = Math.min((long) d, Integer.MAX_VALUE);
        if (s > Integer.MAX_VALUE - 32768) return Short.MAX_VALUE;
        return (short) ((s + 32768) >> 16);
    }

    private static void write(Path file, Tensor waveform, int sampleRate, AudioEncoding enc) throws IOException {
        if (waveform.dim() != 1 && waveform.dim() != 2) {
            throw new IllegalArgumentException("waveform must be [channels, frames] or [frames], found shape "
                    + java.util.Arrays.toString(waveform.shape()));
        }
        if (sampleRate <= 0) throw new IllegalArgumentException("sampleRate must be positive, found " + sampleRate);
        int channels = waveform.dim() == 2 ? waveform.size(0) : 1;
        int frames = waveform.dim() == 2 ? waveform.size(1) : waveform.size(0);
        if (channels < 1 || channels > 0xFFFF) throw new IllegalArgumentException("cannot write " + channels + " channels");
        int bytes = enc.bytesPerSample();
        long dataBytes = (long) frames * channels * bytes;
        boolean extensible = channels > 2;
        boolean fact = extensible || enc.isFloat();
        int fmtSize = extensible ? 40 : enc.isFloat() ? 18 : 16;
        int headerBytes = 12 + 8 + fmtSize + (fact ? 12 : 0) + 8;
        if (dataBytes + headerBytes - 8 > 0xFFFFFFFFL) {
            throw new AudioFormatException(file, "too long for a WAV file (" + dataBytes + " bytes of samples; the format's limit is 4 GiB)");
        }
        Tensor c = waveform.contiguous();
        float[] s = c.storage();
        int off = c.offset();
        int blockAlign = channels * bytes;
        int tag = enc.isFloat() ? TAG_FLOAT : TAG_PCM;

        ByteBuffer h = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(RIFF).putInt((int) (dataBytes + headerBytes - 8)).putInt(WAVE);
        h.putInt(FMT).putInt(fmtSize);
        h.putShort((short) (extensible ? TAG_EXTENSIBLE : tag)).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) (bytes * 8));
        if (extensible) {
            h.putShort((short) 22).putShort((short) (bytes * 8)).putInt(0).putShort((short) tag).put(GUID_TAIL);
        } else if (enc.isFloat()) {
            h.putShort((short) 0);
        }
        if (fact) h.putInt(FACT).putInt(4).putInt(frames);
        h.putInt(DATA).putInt((int) dataBytes);
        h.flip();

        AtomicFiles.write(file, true, ch -> {
            writeFully(ch, h);
            int framesPerChunk = Math.max(1, (1 << 16) / blockAlign);
            ByteBuffer b = ByteBuffer.allocate(framesPerChunk * blockAlign).order(ByteOrder.LITTLE_ENDIAN);
            for (int f0 = 0; f0 < frames; f0 += framesPerChunk) {
                int f1 = Math.min(frames, f0 + framesPerChunk);
                b.clear();
                for (int f = f0; f < f1; f++) {
                    for (int k = 0; k < channels; k++) {
                        float x = s[off + k * frames + f];
                        if (enc == AudioEncoding.PCM_S16) b.putShort(quantize16(x));
                        else b.putFloat(x);
                    }
                }
                b.flip();
                writeFully(ch, b);
            }
        });
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    // ------------------------------------------------------------------ helpers

    /** The int a four-character code reads as from a little-endian buffer. */
    private static int fourcc(String s) {
        return (s.charAt(0) & 0xFF) | (s.charAt(1) & 0xFF) << 8 | (s.charAt(2) & 0xFF) << 16 | (s.charAt(3) & 0xFF) << 24;
    }

    /** Four bytes as a quoted string, with non-printable bytes as escapes. */
    private static String show(ByteBuffer b, int at) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < 4; i++) {
            int v = b.get(at + i) & 0xFF;
            if (v >= 0x20 && v < 0x7F) sb.append((char) v);
            else sb.append(String.format("\\x%02x", v));
        }
        return sb.append('\'').toString();
    }

    /**
     * An open file with its first block read at once: small files are read whole in one call, and
     * other ranges are read with positional reads.
     */
    private static final class Source implements AutoCloseable {
        final Path file;
        final FileChannel ch;
        final long size;
        final ByteBuffer head;

        private Source(Path file, FileChannel ch, long size, ByteBuffer head) {
            this.file = file;
            this.ch = ch;
            this.size = size;
            this.head = head;
        }

        static Source open(Path file, int headBytes) throws IOException {
            FileChannel ch;
            if (Files.isDirectory(file)) throw new AudioFormatException(file, "is a folder, not an audio file");
            try {
                ch = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(file.toString(), null, "no such file");
            } catch (java.nio.file.AccessDeniedException e) {
                throw new java.nio.file.AccessDeniedException(file.toString(), null, "cannot be read: permission denied");
            } catch (java.nio.file.FileSystemException e) {
                throw new java.nio.file.FileSystemException(file.toString(), null,
                        "cannot be opened: " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
            }
            try {
                long size = ch.size();
                ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, headBytes)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(file, ch, head, 0);
                return new Source(file, ch, size, head);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        /** {@code len} bytes from {@code pos} (checked by the caller to lie inside the file), little endian, at index 0. */
        ByteBuffer bytes(long pos, int len) throws IOException {
            if (pos + len <= head.limit()) {
                return head.slice((int) pos, len).order(ByteOrder.LITTLE_ENDIAN);
            }
            ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
            readFully(file, ch, b, pos);
            return b;
        }

        private static void readFully(Path file, FileChannel ch, ByteBuffer b, long pos) throws IOException {
            while (b.hasRemaining()) {
                int r = ch.read(b, pos);
                if (r < 0) throw new AudioFormatException(file, "truncated: the file ended while reading byte " + pos);
                pos += r;
            }
            b.flip();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
