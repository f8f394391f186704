package dev.cochlea.tensor;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A seedable source of random numbers for tensor creation and initialisation, like
 * {@code torch.Generator}: the same seed gives the same numbers on every machine.
 *
 * <pre>{@code
 * Generator g = new Generator(42);
 * Tensor a = Tensor.randn(g, 3, 4);
 * Tensor.manualSeed(42);           // reseeds the default generator
 * }</pre>
 */
public final class Generator {
    private static final RandomGeneratorFactory<RandomGenerator> FACTORY = RandomGeneratorFactory.of("L64X128MixRandom");
    private static final Generator DEFAULT = new Generator(System.nanoTime());

    private RandomGenerator rng;
    private long seed;

    /** A generator started from {@code seed}. */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The process-wide generator used when no generator is given. */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /** Restarts this generator from {@code seed}. */
    public synchronized Generator manualSeed(long seed) {
        this.seed = seed;
        this.rng = FACTORY.create(seed);
        return this;
    }

    /** The seed this generator was last started from. */
    public long initialSeed() {
        return seed;
    }

    /** A uniform float in [0, 1). */
    public synchronized float nextFloat() {
        return rng.nextFloat();
    }

    /** A standard normal float. */
    public synchronized float nextGaussian() {
        return (float) rng.nextGaussian();
    }

    /** A uniform long in [low, high). */
    public synchronized long nextLong(long low, long high) {
        return rng.nextLong(low, high);
    }

    /** A uniform int in [0, bound). */
    public synchronized int nextInt(int bound) {
        return rng.nextInt(bound);
    }

    /** Fills {@code out[off .. off+n)} with uniform floats in [low, high). */
    public synchronized void fillUniform(float[] out, int off, int n, float low, float high) {
        float span = high - low;
        for (int i = 0; i < n; i++) out[off + i] = low + span * rng.nextFloat();
    }

    /** Fills {@code out[off .. off+n)} with normal floats of the given mean and standard deviation. */
    public synchronized void fillNormal(float[] out, int off, int n, float mean, float std) {
        for (int i = 0; i < n; i++) out[off + i] = mean + std * (float) rng.nextGaussian();
    }
}
