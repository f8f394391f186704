package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Frame-wise features (STFT, spectrogram, mel, MFCC) of recordings too long to hold, computed
 * block by block from ranges of the file: each block of output frames is the transform of just the
 * samples those frames cover (with the centring padding built from the file's own ends), so the
 * blocks joined equal the transform of the whole recording. Memory is bounded by the block size,
 * whatever the file's length.
 *
 * <pre>{@code
 * FeatureBlocks.Source src = FeatureBlocks.Source.of(Path.of("lecture.wav"));      // nothing decoded yet
 * StftOptions o = StftOptions.of(400).hopLength(200);
 * MelSpectrogram mel = new MelSpectrogram(MelSpectrogram.options().stft(o.center(false)).sampleRate(16000));
 * FeatureBlocks.run(src, o, 4096, segment -> new Tensor[] {mel.forward(segment)},
 *         (firstFrame, out) -> writeSomewhere(firstFrame, out[0]));                  // out[0]: [channels, 128, <=4096]
 * }</pre>
 */
public final class FeatureBlocks {
    /** Samples of a recording, read by range. */
    public interface Source {
        int channels();

        long frames();

        int sampleRate();

        /** Samples {@code [offset, offset + count)} as {@code [channels, count]}. */
        Tensor read(long offset, int count) throws IOException;

        /** A file read through {@link Audio}: only the ranges asked for are decoded. */
        static Source of(Path file) throws IOException {
            AudioInfo info = Audio.info(file);
            return new Source() {
                public int channels() {
                    return info.channels();
                }

                public long frames() {
                    return info.frames();
                }

                public int sampleRate() {
                    return info.sampleRate();
                }

                public Tensor read(long offset, int count) throws IOException {
                    Tensor t = Audio.read(file, offset, count).waveform();
                    if (t.size(1) != count) {
                        throw new AudioFormatException(file, "expected " + count + " frames from frame " + offset + " (the header declares "
                                + info.frames() + "), found " + t.size(1));
                    }
                    return t;
                }
            };
        }

        /** A waveform {@code [channels, samples]} already in memory. */
        static Source of(Tensor waveform, int sampleRate) {
            return new Source() {
                public int channels() {
                    return waveform.size(0);
                }

                public long frames() {
                    return waveform.size(1);
                }

                public int sampleRate() {
                    return sampleRate;
                }

                public Tensor read(long offset, int count) {
                    return waveform.narrow(1, (int) offset, count).contiguous();
                }
            };
        }
    }

    /** The transform of one uncentred segment {@code [channels, samples]}: one or more outputs {@code [channels, ..., frames]}. */
    @FunctionalInterface
    public interface Transform {
        Tensor[] apply(Tensor segment);
    }

    /** Receives the outputs of frames {@code [firstFrame, firstFrame + frames)}, in order. */
    @FunctionalInterface
    public interface Sink {
        void accept(long firstFrame, Tensor[] outputs) throws IOException;
    }

    private FeatureBlocks() {
    }

    /** Hop length of {@code o}: its own, or torch's default {@code win_length / 4}. */
    public static int hop(StftOptions o) {
        return o.hopLength() != null ? o.hopLength() : Math.max(1, o.effectiveWinLength() / 4);
    }

    /** How many frames {@code o} makes of {@code samples} samples (as {@code torch.stft}). */
    public static long frames(long samples, StftOptions o) {
        long padded = o.center() ? samples + 2L * (o.nFft() / 2) : samples;
        return padded < o.nFft() ? 0 : 1 + (padded - o.nFft()) / hop(o);
    }

    /**
     * Runs {@code transform} (built with {@code o.center(false)}) over blocks of at most
     * {@code blockFrames} output frames and hands each block's outputs to {@code sink}.
     *
     * @param o the options of the whole-recording transform, centring and padding included
     */
    public static void run(Source src, StftOptions o, int blockFrames, Transform transform, Sink sink) throws IOException {
        if (blockFrames < 1) throw new IllegalArgumentException("blockFrames must be >= 1, found " + blockFrames);
        long n = src.frames();
        int nFft = o.nFft();
        int hop = hop(o);
        int pad = o.center() ? nFft / 2 : 0;
        if (o.center() && o.padMode() == PadMode.REFLECT && pad >= n) {
            throw new IllegalArgumentException("reflect padding of " + pad + " samples needs a recording longer than that, found " + n + " samples");
        }
        long total = frames(n, o);
        for (long t0 = 0; t0 < total; t0 += blockFrames) {
            int count = (int) Math.min(blockFrames, total - t0);
            long from = t0 * hop - pad;
            int length = (count - 1) * hop + nFft;
            sink.accept(t0, transform.apply(segment(src, from, length, o.padMode())));
        }
    }

    /** Samples {@code [from, from + length)} of the padded recording: inside from the file, outside by the padding rule. */
    static Tensor segment(Source src, long from, int length, PadMode mode) throws IOException {
        long n = src.frames();
        int c = src.channels();
        long lo = Math.max(0, from);
        long hi = Math.min(n, from + length);
        float[] out = new float[c * length];
        if (hi > lo) copy(src.read(lo, (int) (hi - lo)), (int) (lo - from), out, length);
        if (from < 0) pad(src, from, Math.min(0, from + length), from, out, length, mode);
        if (from + length > n) pad(src, Math.max(n, from), from + length, from, out, length, mode);
        return Tensor.wrap(out, c, length);
    }

    /** Fills positions {@code [a, b)} outside the recording by the padding rule, reading the few samples it mirrors at once. */
    private static void pad(Source src, long a, long b, long from, float[] out, int length, PadMode mode) throws IOException {
        if (mode == PadMode.CONSTANT || b <= a) return;
        long n = src.frames();
        long[] j = new long[(int) (b - a)];
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int k = 0; k < j.length; k++) {
            long i = a + k;
            j[k] = switch (mode) {
                case REPLICATE -> i < 0 ? 0 : n - 1;
                case CIRCULAR -> Math.floorMod(i, n);
                default -> Math.max(0, Math.min(n - 1, i < 0 ? -i : 2 * (n - 1) - i));
            };
            min = Math.min(min, j[k]);
            max = Math.max(max, j[k]);
        }
        Tensor part = src.read(min, (int) (max - min + 1));
        float[] v = part.toFloatArray();
        int w = part.size(1);
        for (int ch = 0; ch < src.channels(); ch++) {
            for (int k = 0; k < j.length; k++) out[ch * length + (int) (a + k - from)] = v[ch * w + (int) (j[k] - min)];
        }
    }

    private static void copy(Tensor part, int at, float[] out, int length) {
        float[] v = part.toFloatArray();
        int c = part.size(0);
        int w = part.size(1);
        for (int ch = 0; ch < c; ch++) System.arraycopy(v, ch * w, out, ch * length + at, w);
    }
}
