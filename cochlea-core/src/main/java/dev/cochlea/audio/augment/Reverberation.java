package dev.cochlea.audio.augment;

import dev.cochlea.kernels.WaveKernels;
import dev.cochlea.tensor.Generator;

import java.util.Arrays;

/**
 * Reverberation: the clip convolved (by FFT, {@link WaveKernels#fftConvolveHead}) with a room
 * impulse response of unit energy, keeping the first {@code n} samples so the length is
 * unchanged and the direct path is not delayed.
 *
 * <p>The response is chosen uniformly among two sources: synthetic ({@link SyntheticRir}, with
 * RT60 uniform in {@code [minRt60, maxRt60]} seconds, pre-delay uniform in
 * {@code [minPreDelay, maxPreDelay]} seconds and direct-to-reverberant ratio uniform in
 * {@code [minDrrDb, maxDrrDb]}), and, when given, a folder of recorded responses (each file
 * equally likely; trimmed to start at its peak, cut to {@code maxRirSeconds}, normalised to unit
 * energy once at construction). Defaults: RT60 {@code 0.2 .. 0.8} s, pre-delay {@code 0 .. 0.02}
 * s, DRR {@code 0 .. 10} dB, synthetic only, recorded responses cut to 1 s, probability 1.
 *
 * <pre>{@code
 * Reverberation reverb = Reverberation.builder().minRt60(0.3).maxRt60(0.6).sampleRate(8000).build();
 * float[] y = reverb.apply(clip, new Generator(9));   // y.length == clip.length
 * }</pre>
 */
public final class Reverberation implements WaveAugmentation {
    private final double minRt60, maxRt60, minPreDelay, maxPreDelay, minDrrDb, maxDrrDb;
    private final boolean synthetic;
    private final float[][] recorded;
    private final int sampleRate;
    private final double probability;

    private Reverberation(Builder b) {
        Checks.range("reverb", "RT60", b.minRt60, b.maxRt60);
        if (!(b.minRt60 > 0) || b.maxRt60 > 5) {
            throw new IllegalArgumentException("reverb: RT60 must lie in (0, 5] seconds, found " + Checks.fmt(b.minRt60) + ":"
                    + Checks.fmt(b.maxRt60));
        }
        Checks.range("reverb", "pre-delay", b.minPreDelay, b.maxPreDelay);
        if (b.minPreDelay < 0) throw new IllegalArgumentException("reverb: pre-delay must be >= 0 s, found " + b.minPreDelay);
        Checks.range("reverb", "DRR", b.minDrrDb, b.maxDrrDb);
        if (b.sampleRate < 1000) throw new IllegalArgumentException("reverb: sampleRate must be >= 1000 Hz, found " + b.sampleRate);
        if (!b.synthetic && b.recorded == null) {
            throw new IllegalArgumentException("reverb: expected synthetic responses or a folder of recorded ones, found neither");
        }
        this.minRt60 = b.minRt60;
        this.maxRt60 = b.maxRt60;
        this.minPreDelay = b.minPreDelay;
        this.maxPreDelay = b.maxPreDelay;
        this.minDrrDb = b.minDrrDb;
        this.maxDrrDb = b.maxDrrDb;
        this.synthetic = b.synthetic;
        this.sampleRate = b.sampleRate;
        this.probability = Checks.probability("reverb", b.probability);
        if (b.recorded == null) {
            this.recorded = null;
        } else {
            int max = Math.max(1, (int) Math.round(b.maxRirSeconds * b.sampleRate));
            this.recorded = new float[b.recorded.size()][];
            for (int i = 0; i < recorded.length; i++) recorded[i] = prepare(b.recorded.clip(i), max);
        }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private static float[] prepare(float[] rir, int max) {
        int peak = 0;
        for (int i = 1; i < rir.length; i++) if (Math.abs(rir[i]) > Math.abs(rir[peak])) peak = i;
        float[] h = Arrays.copyOfRange(rir, peak, Math.min(rir.length, peak + max));
        SyntheticRir.normalise(h);
        return h;
    }

    @Override
    public float[] apply(float[] waveform, Generator generator) {
        float[] h = sampleRir(generator);
        return WaveKernels.fftConvolveHead(waveform, waveform.length, h, h.length);
    }

    /** The impulse response {@link #apply} uses for these generator draws. */
    public float[] sampleRir(Generator generator) {
        int sources = (synthetic ? 1 : 0) + (recorded == null ? 0 : 1);
        boolean useSynthetic = synthetic && (sources == 1 || generator.nextInt(2) == 0);
        if (!useSynthetic) return recorded[recorded.length == 1 ? 0 : generator.nextInt(recorded.length)];
        double rt60 = Checks.uniform(generator, minRt60, maxRt60);
        double pre = Checks.uniform(generator, minPreDelay, maxPreDelay);
        double drr = Checks.uniform(generator, minDrrDb, maxDrrDb);
        long seed = generator.nextLong(Long.MIN_VALUE, Long.MAX_VALUE);
        return SyntheticRir.generate(rt60, pre, drr, sampleRate, seed);
    }

    /** Whether recorded responses are among the sources. */
    boolean usesRecorded() {
        return recorded != null;
    }

    @Override
    public double probability() {
        return probability;
    }

    @Override
    public String description() {
        String src = (synthetic ? "synthetic" : "") + (recorded == null ? "" : (synthetic ? "+" : "") + recorded.length + " files");
        return "reverb=" + Checks.fmt(minRt60) + ":" + Checks.fmt(maxRt60) + "s[" + src + "]@" + Checks.fmt(probability);
    }

    @Override
    public String toString() {
        return description();
    }

    /**
     * Settings of a {@link Reverberation}.
     *
     * <pre>{@code
     * Reverberation r = Reverberation.builder().minRt60(0.2).maxRt60(1.0).minDrrDb(-3).sampleRate(16000).build();
     * }</pre>
     */
    public static final class Builder {
        double minRt60 = 0.2, maxRt60 = 0.8;
        double minPreDelay = 0, maxPreDelay = 0.02;
        double minDrrDb = 0, maxDrrDb = 10;
        boolean synthetic = true;
        ClipLibrary recorded;
        double maxRirSeconds = 1.0;
        int sampleRate = 8000;
        double probability = 1;

        private Builder() {}

        /** Shortest RT60 in seconds (default 0.2). */
        public Builder minRt60(double v) { this.minRt60 = v; return this; }

        /** Longest RT60 in seconds (default 0.8). */
        public Builder maxRt60(double v) { this.maxRt60 = v; return this; }

        /** Shortest pre-delay in seconds (default 0). */
        public Builder minPreDelay(double v) { this.minPreDelay = v; return this; }

        /** Longest pre-delay in seconds (default 0.02). */
        public Builder maxPreDelay(double v) { this.maxPreDelay = v; return this; }

        /** Lowest direct-to-reverberant ratio in dB (default 0). */
        public Builder minDrrDb(double v) { this.minDrrDb = v; return this; }

        /** Highest direct-to-reverberant ratio in dB (default 10). */
        public Builder maxDrrDb(double v) { this.maxDrrDb = v; return this; }

        /** Whether synthetic responses are used (default true). */
        public Builder synthetic(boolean v) { this.synthetic = v; return this; }

        /** Recorded responses at the clips' sample rate (default none). */
        public Builder recorded(ClipLibrary v) { this.recorded = v; return this; }

        /** Longest recorded response kept, in seconds (default 1). */
        public Builder maxRirSeconds(double v) { this.maxRirSeconds = v; return this; }

        /** The clips' sample rate in Hz (default 8000). */
        public Builder sampleRate(int v) { this.sampleRate = v; return this; }

        /** Probability of applying the step in a pipeline (default 1). */
        public Builder probability(double v) { this.probability = v; return this; }

        /** The augmentation. */
        public Reverberation build() {
            return new Reverberation(this);
        }
    }
}
