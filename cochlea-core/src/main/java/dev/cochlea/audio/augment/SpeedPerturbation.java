package dev.cochlea.audio.augment;

import dev.cochlea.audio.Resample;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * Speed (tempo and pitch together) perturbation by resampling, as Kaldi's and torchaudio's
 * {@code speed} effect: a factor {@code f > 1} makes the clip {@code f} times faster, so
 * {@code n} samples become {@code ceil(n / f)} and every frequency is multiplied by {@code f}.
 *
 * <p>The factor is drawn uniformly from {@code steps} evenly spaced values between
 * {@code minFactor} and {@code maxFactor}, each rounded to a multiple of 0.01, so that there are
 * few distinct {@link Resample} filter banks (rates {@code 100 f : 100}), built once and shared.
 * Defaults: factors {@code 0.9 .. 1.1} in 5 steps (0.9, 0.95, 1, 1.05, 1.1), probability 1.
 *
 * <pre>{@code
 * SpeedPerturbation speed = SpeedPerturbation.builder().minFactor(0.9).maxFactor(1.1).steps(3).build();
 * float[] y = speed.apply(clip, new Generator(3));   // about clip.length / f samples
 * }</pre>
 */
public final class SpeedPerturbation implements WaveAugmentation {
    private static final int QUANTUM = 100;

    private final double minFactor;
    private final double maxFactor;
    private final int steps;
    private final double probability;
    /** One resampler per grid value (null for factor 1). */
    private final Resample[] resamplers;
    private final int[] hundredths;

    private SpeedPerturbation(Builder b) {
        Checks.range("speed", "factor", b.minFactor, b.maxFactor);
        if (!(b.minFactor >= 0.5) || !(b.maxFactor <= 2.0)) {
            throw new IllegalArgumentException("speed: factors must lie in [0.5, 2], found " + Checks.fmt(b.minFactor) + ":"
                    + Checks.fmt(b.maxFactor));
        }
        if (b.steps < 1 || b.steps > 41) throw new IllegalArgumentException("speed: steps must be in 1..41, found " + b.steps);
        this.minFactor = b.minFactor;
        this.maxFactor = b.maxFactor;
        this.steps = b.minFactor == b.maxFactor ? 1 : b.steps;
        this.probability = Checks.probability("speed", b.probability);
        this.resamplers = new Resample[steps];
        this.hundredths = new int[steps];
        for (int i = 0; i < steps; i++) {
            double f = steps == 1 ? minFactor : minFactor + (maxFactor - minFactor) * i / (steps - 1);
            int h = (int) Math.round(f * QUANTUM);
            hundredths[i] = h;
            resamplers[i] = h == QUANTUM ? null : new Resample(h, QUANTUM);
        }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The factors this step can draw (after rounding to hundredths). */
    public double[] factors() {
        double[] f = new double[steps];
        for (int i = 0; i < steps; i++) f[i] = hundredths[i] / (double) QUANTUM;
        return f;
    }

    @Override
    public float[] apply(float[] waveform, Generator generator) {
        int i = steps == 1 ? 0 : generator.nextInt(steps);
        return resample(resamplers[i], waveform);
    }

    /** {@code waveform} resampled by {@code r} (a copy when {@code r} is null). */
    static float[] resample(Resample r, float[] waveform) {
        if (r == null || waveform.length == 0) return waveform.clone();
        return r.apply(Tensor.wrap(waveform, waveform.length)).toFloatArray();
    }

    @Override
    public double probability() {
        return probability;
    }

    @Override
    public String description() {
        return "speed=" + Checks.fmt(minFactor) + ":" + Checks.fmt(maxFactor) + "x" + steps + "@" + Checks.fmt(probability);
    }

    @Override
    public String toString() {
        return description();
    }

    /**
     * Settings of a {@link SpeedPerturbation}.
     *
     * <pre>{@code
     * SpeedPerturbation s = SpeedPerturbation.builder().minFactor(0.85).maxFactor(1.15).steps(7).build();
     * }</pre>
     */
    public static final class Builder {
        double minFactor = 0.9;
        double maxFactor = 1.1;
        int steps = 5;
        double probability = 1;

        private Builder() {}

        /** Slowest factor (default 0.9). */
        public Builder minFactor(double minFactor) {
            this.minFactor = minFactor;
            return this;
        }

        /** Fastest factor (default 1.1). */
        public Builder maxFactor(double maxFactor) {
            this.maxFactor = maxFactor;
            return this;
        }

        /** Number of evenly spaced factors drawn from (default 5). */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Probability of applying the step in a pipeline (default 1). */
        public Builder probability(double probability) {
            this.probability = probability;
            return this;
        }

        /** The augmentation. */
        public SpeedPerturbation build() {
            return new SpeedPerturbation(this);
        }
    }
}
