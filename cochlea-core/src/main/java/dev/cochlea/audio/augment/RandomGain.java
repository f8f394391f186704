package dev.cochlea.audio.augment;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.tensor.Generator;

/**
 * Random gain: multiplies the clip by {@code 10^(g / 20)} with {@code g} drawn uniformly from
 * {@code [minDb, maxDb]}. Defaults: {@code -6 .. 6} dB, probability 1.
 *
 * <pre>{@code
 * RandomGain gain = RandomGain.builder().minDb(-10).maxDb(3).probability(0.5).build();
 * float[] y = gain.apply(clip, new Generator(1));
 * }</pre>
 */
public final class RandomGain implements WaveAugmentation {
    private final double minDb;
    private final double maxDb;
    private final double probability;

    private RandomGain(Builder b) {
        Checks.range("gain", "dB", b.minDb, b.maxDb);
        this.minDb = b.minDb;
        this.maxDb = b.maxDb;
        this.probability = Checks.probability("gain", b.probability);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The gain in dB this step draws from {@code generator} (the first and only draw of {@link #apply}). */
    public double sampleDb(Generator generator) {
        return Checks.uniform(generator, minDb, maxDb);
    }

    @Override
    public float[] apply(float[] waveform, Generator generator) {
        double db = sampleDb(generator);
        float[] out = new float[waveform.length];
        KernelProvider.get().binaryScalar(Kernels.Binary.MUL, waveform, 0, (float) Math.pow(10, db / 20), out, 0, waveform.length);
        return out;
    }

    @Override
    public double probability() {
        return probability;
    }

    @Override
    public String description() {
        return "gain=" + Checks.fmt(minDb) + ":" + Checks.fmt(maxDb) + "dB@" + Checks.fmt(probability);
    }

    @Override
    public String toString() {
        return description();
    }

    /**
     * Settings of a {@link RandomGain}.
     *
     * <pre>{@code
     * RandomGain g = RandomGain.builder().minDb(-6).maxDb(6).build();
     * }</pre>
     */
    public static final class Builder {
        double minDb = -6;
        double maxDb = 6;
        double probability = 1;

        private Builder() {}

        /** Lowest gain in dB (default -6). */
        public Builder minDb(double minDb) {
            this.minDb = minDb;
            return this;
        }

        /** Highest gain in dB (default 6). */
        public Builder maxDb(double maxDb) {
            this.maxDb = maxDb;
            return this;
        }

        /** Probability of applying the step in a pipeline (default 1). */
        public Builder probability(double probability) {
            this.probability = probability;
            return this;
        }

        /** The augmentation. */
        public RandomGain build() {
            return new RandomGain(this);
        }
    }
}
