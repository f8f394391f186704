package dev.cochlea.audio.augment;

import dev.cochlea.audio.Resample;
import dev.cochlea.kernels.WaveKernels;
import dev.cochlea.tensor.Generator;

/**
 * Pitch shift by {@code s} semitones keeping the duration: the clip is resampled so that it plays
 * {@code r = 2^(s / 12)} times faster (every frequency times {@code r}, length {@code n / r}) and
 * then time-stretched back to exactly {@code n} samples by WSOLA
 * ({@link WaveKernels#wsola}, 32 ms frames), which keeps the pitch.
 *
 * <p>The shift is drawn uniformly from the grid {@code minSemitones, minSemitones + step, ...,
 * maxSemitones}; each ratio is approximated by a fraction {@code p / q} with {@code q <= 200}
 * (within 0.01 semitone) so its {@link Resample} filter bank stays small; the banks are built
 * once and shared. Defaults: {@code -2 .. 2} semitones in steps of 0.5, probability 1.
 *
 * <pre>{@code
 * PitchShift pitch = PitchShift.builder().minSemitones(-3).maxSemitones(3).sampleRate(8000).build();
 * float[] y = pitch.apply(clip, new Generator(5));   // y.length == clip.length
 * }</pre>
 */
public final class PitchShift implements WaveAugmentation {
    private final double minSemitones;
    private final double maxSemitones;
    private final double step;
    private final int sampleRate;
    private final double probability;
    private final int frame;
    private final double[] semitones;
    private final Resample[] resamplers;

    private PitchShift(Builder b) {
        Checks.range("pitch", "semitone", b.minSemitones, b.maxSemitones);
        if (b.minSemitones < -12 || b.maxSemitones > 12) {
            throw new IllegalArgumentException("pitch: shifts must lie in [-12, 12] semitones, found "
                    + Checks.fmt(b.minSemitones) + ":" + Checks.fmt(b.maxSemitones));
        }
        if (!(b.step > 0)) throw new IllegalArgumentException("pitch: step must be positive, found " + b.step);
        if (b.sampleRate < 1000) throw new IllegalArgumentException("pitch: sampleRate must be >= 1000 Hz, found " + b.sampleRate);
        this.minSemitones = b.minSemitones;
        this.maxSemitones = b.maxSemitones;
        this.step = b.step;
        this.sampleRate = b.sampleRate;
        this.probability = Checks.probability("pitch", b.probability);
        this.frame = 2 * (int) Math.round(0.016 * sampleRate);
        int n = (int) Math.floor((maxSemitones - minSemitones) / step + 1e-9) + 1;
        this.semitones = new double[n];
        this.resamplers = new Resample[n];
        for (int i = 0; i < n; i++) {
            double s = minSemitones + i * step;
            semitones[i] = s;
            int[] pq = fraction(Math.pow(2, s / 12));
            resamplers[i] = pq[0] == pq[1] ? null : new Resample(pq[0], pq[1]);
        }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The closest fraction {@code p / q} to {@code r} with {@code q <= 200}. */
    static int[] fraction(double r) {
        int bestP = 1, bestQ = 1;
        double bestErr = Double.MAX_VALUE;
        for (int q = 1; q <= 200; q++) {
            int p = (int) Math.round(r * q);
            double err = Math.abs((double) p / q - r);
            if (err < bestErr - 1e-15) {
                bestErr = err;
                bestP = p;
                bestQ = q;
            }
        }
        return new int[] {bestP, bestQ};
    }

    /** The shifts in semitones this step can draw. */
    public double[] semitones() {
        return semitones.clone();
    }

    @Override
    public float[] apply(float[] waveform, Generator generator) {
        int i = semitones.length == 1 ? 0 : generator.nextInt(semitones.length);
        return shift(waveform, i);
    }

    /** The clip shifted by grid value {@code i}. */
    float[] shift(float[] waveform, int i) {
        Resample r = resamplers[i];
        if (r == null || waveform.length == 0) return waveform.clone();
        float[] fast = SpeedPerturbation.resample(r, waveform);
        return WaveKernels.wsola(fast, fast.length, waveform.length, frame);
    }

    /** Shifts by exactly the grid value nearest to {@code semitones} (for tests and demos). */
    public float[] shiftBy(float[] waveform, double semitones) {
        int best = 0;
        for (int i = 1; i < this.semitones.length; i++) {
            if (Math.abs(this.semitones[i] - semitones) < Math.abs(this.semitones[best] - semitones)) best = i;
        }
        return shift(waveform, best);
    }

    @Override
    public double probability() {
        return probability;
    }

    @Override
    public String description() {
        return "pitch=" + Checks.fmt(minSemitones) + ":" + Checks.fmt(maxSemitones) + "st/" + Checks.fmt(step) + "@"
                + Checks.fmt(probability);
    }

    @Override
    public String toString() {
        return description();
    }

    /**
     * Settings of a {@link PitchShift}.
     *
     * <pre>{@code
     * PitchShift p = PitchShift.builder().minSemitones(-2).maxSemitones(2).step(1).sampleRate(16000).build();
     * }</pre>
     */
    public static final class Builder {
        double minSemitones = -2;
        double maxSemitones = 2;
        double step = 0.5;
        int sampleRate = 8000;
        double probability = 1;

        private Builder() {}

        /** Lowest shift in semitones (default -2). */
        public Builder minSemitones(double v) {
            this.minSemitones = v;
            return this;
        }

        /** Highest shift in semitones (default 2). */
        public Builder maxSemitones(double v) {
            this.maxSemitones = v;
            return this;
        }

        /** Grid step in semitones (default 0.5). */
        public Builder step(double v) {
            this.step = v;
            return this;
        }

        /** The clips' sample rate in Hz, which sets the 32 ms WSOLA frame (default 8000). */
        public Builder sampleRate(int v) {
            this.sampleRate = v;
            return this;
        }

        /** Probability of applying the step in a pipeline (default 1). */
        public Builder probability(double v) {
            this.probability = v;
            return this;
        }

        /** The augmentation. */
        public PitchShift build() {
            return new PitchShift(this);
        }
    }
}
