package dev.cochlea.audio;

import dev.cochlea.io.AtomicFiles;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads and writes WAV files, like {@code torchaudio.load}, {@code torchaudio.info} and
 * {@code torchaudio.save}. {@link Audio#read} reads WAV and every other format; this class is the
 * WAV-only API, and the one that writes.
 *
 * <p>Reads RIFF (little-endian), RIFX (big-endian) and RF64 / BW64 files (64-bit sizes in a
 * {@code ds64} chunk); PCM 8 (unsigned), 16, 24 and 32-bit, also with fewer valid bits than the
 * container (12 bits in 2 bytes, 20 in 3, 24 in 4: read by the container, as libsndfile does),
 * IEEE float 32 and 64-bit, G.711 mu-law and A-law, plain or as {@code WAVE_FORMAT_EXTENSIBLE},
 * with any number of channels. Chunks other than {@code fmt } and {@code data} ({@code LIST},
 * {@code fact}, {@code cue }, ...) are skipped, honouring the pad byte after odd-sized chunks.
 * Samples are scaled to floats exactly as torchaudio does: int16 / 32768, int32 / 2^31, 24-bit /
 * 2^23, unsigned 8-bit (x - 128) / 128; floats are taken as they are. A range of frames can be
 * read without reading the rest of the file. A {@code data} chunk declared longer than the file is
 * read as far as the file goes, with a warning ({@link AudioData#warnings()}).
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
    private static final int WAVE = fourcc("WAVE");
    private static final int FMT = fourcc("fmt ");
    private static final int DATA = fourcc("data");
    private static final int FACT = fourcc("fact");

    private static final int TAG_PCM = 0x0001;
    private static final int TAG_FLOAT = 0x0003;
    private static final int TAG_EXTENSIBLE = 0xFFFE;

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
        try (AudioSource src = AudioSource.open(file, AudioSource.READ_HEAD)) {
            return WavHeader.parse(src).read(src, frameOffset, frames);
        }
    }

    /**
     * Reads the header of a WAV file: format ({@code WAV} or {@code RF64}), sample rate, channels,
     * frames and encoding (like {@code torchaudio.info}). Reads no samples.
     *
     * @throws AudioFormatException when the file is not a WAV file Cochlea can decode
     */
    public static AudioInfo info(Path file) throws IOException {
        try (AudioSource src = AudioSource.open(file, AudioSource.INFO_HEAD)) {
            return WavHeader.parse(src).info();
        }
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
            h.putShort((short) 22).putShort((short) (bytes * 8)).putInt(0).putShort((short) tag).put(WavFormat.GUID_TAIL);
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
}
