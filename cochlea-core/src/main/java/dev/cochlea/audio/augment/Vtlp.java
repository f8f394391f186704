package dev.cochlea.audio.augment;

import dev.cochlea.tensor.Generator;

/**
 * Vocal-tract-length perturbation (Jaitly and Hinton 2013) as a per-clip draw: the warp factor
 * {@code alpha} is drawn from {@code steps} evenly spaced values between {@code minAlpha} and
 * {@code maxAlpha} (rounded to hundredths, so a training pipeline can build and cache one warped
 * {@code MelSpectrogram} per value, see {@link #alphas()}); the warp itself is applied by the mel
 * filter bank ({@code MelScale.Builder.vtlpWarp}). Defaults: {@code 0.9 .. 1.1} in 5 steps,
 * probability 1.
 *
 * <pre>{@code
 * Vtlp vtlp = Vtlp.builder().minAlpha(0.9).maxAlpha(1.1).steps(5).build();
 * double alpha = vtlp.sample(new Generator(4));   // one of 0.9, 0.95, 1.0, 1.05, 1.1
 * }</pre>
 */
public final class Vtlp {
    private final double minAlpha;
    private final double maxAlpha;
    private final double[] alphas;
    private final double probability;

    private Vtlp(Builder b) {
        Checks.range("vtlp", "warp factor", b.minAlpha, b.maxAlpha);
        if (!(b.minAlpha >= 0.5) || !(b.maxAlpha <= 1.5)) {
            throw new IllegalArgumentException("vtlp: warp factors must lie in [0.5, 1.5], found " + Checks.fmt(b.minAlpha) + ":"
                    + Checks.fmt(b.maxAlpha));
        }
        if (b.steps < 1 || b.steps > 41) throw new IllegalArgumentException("vtlp: steps must be in 1..41, found " + b.steps);
        this.minAlpha = b.minAlpha;
        this.maxAlpha = b.maxAlpha;
        int steps = b.minAlpha == b.maxAlpha ? 1 : b.steps;
        this.alphas = new double[steps];
        for (int i = 0; i < steps; i++) {
            double a = steps == 1 ? minAlpha : minAlpha + (maxAlpha - minAlpha) * i / (steps - 1);
            alphas[i] = Math.round(a * 100) / 100.0;
        }
        this.probability = Checks.probability("vtlp", b.probability);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The warp factors a clip can get (1.0 is always possible through the probability). */
    public double[] alphas() {
        return alphas.clone();
    }

    /** Draws a warp factor (without the probability coin: {@link WaveAugmentations} draws that). */
    public double sample(Generator generator) {
        return alphas.length == 1 ? alphas[0] : alphas[generator.nextInt(alphas.length)];
    }

    /** Probability that a clip is warped. */
    public double probability() {
        return probability;
    }

    /** A short description, e.g. {@code vtlp=0.9:1.1x5@0.5}. */
    public String description() {
        return "vtlp=" + Checks.fmt(minAlpha) + ":" + Checks.fmt(maxAlpha) + "x" + alphas.length + "@" + Checks.fmt(probability);
    }

    @Override
    public String toString() {
        return description();
    }

    /**
     * Settings of a {@link Vtlp}.
     *
     * <pre>{@code
     * Vtlp v = Vtlp.builder().minAlpha(0.92).maxAlpha(1.08).steps(3).probability(0.5).build();
     * }</pre>
     */
    public static final class Builder {
        double minAlpha = 0.9;
        double maxAlpha = 1.1;
        int steps = 5;
        double probability = 1;

        private Builder() {}

        /** Smallest warp factor (default 0.9). */
        public Builder minAlpha(double v) { this.minAlpha = v; return this; }

        /** Largest warp factor (default 1.1). */
        public Builder maxAlpha(double v) { this.maxAlpha = v; return this; }

        /** Number of evenly spaced factors (default 5). */
        public Builder steps(int v) { this.steps = v; return this; }

        /** Probability that a clip is warped (default 1). */
        public Builder probability(double v) { this.probability = v; return this; }

        /** The settings. */
        public Vtlp build() {
            return new Vtlp(this);
        }
    }
}
