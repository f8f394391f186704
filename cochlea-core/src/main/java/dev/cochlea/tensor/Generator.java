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
 * Generator.State s = g.getState(); // ... later, or in another process:
 * g.setState(s);                    // continues with exactly the same numbers
 * }</pre>
 *
 * <p>The numbers come from the JDK's {@code L64X128MixRandom}. Its state is not exposed, so a
 * generator's {@link State} is the seed and the count of 64-bit words drawn since; {@link #setState}
 * replays that many draws (about 3 ns each).
 */
public final class Generator {
    private static final RandomGeneratorFactory<RandomGenerator> FACTORY = RandomGeneratorFactory.of("L64X128MixRandom");
    private static final Generator DEFAULT = new Generator(System.nanoTime());

    private Counting rng;
    private long seed;

    /**
     * Where a generator stands: started from {@code seed}, {@code draws} 64-bit words drawn since.
     * Stored in checkpoints so that a resumed training draws what an uninterrupted one would.
     */
    public record State(long seed, long draws) {
        public State {
            if (draws < 0) throw new IllegalArgumentException("generator state: draws must be >= 0, found " + draws);
        }
    }

    /** Every draw of the JDK generator goes through {@link #nextLong()}, counted; the other methods are the interface's defaults on top of it. */
    private static final class Counting implements RandomGenerator {
        private final RandomGenerator source;
        private long draws;

        Counting(RandomGenerator source) {
            this.source = source;
        }

        @Override
        public long nextLong() {
            draws++;
            return source.nextLong();
        }
    }

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
        this.rng = new Counting(FACTORY.create(seed));
        return this;
    }

    /** This generator's position, like {@code torch.Generator.get_state()}. */
    public synchronized State getState() {
        return new State(seed, rng.draws);
    }

    /** Moves this generator to {@code state}, like {@code torch.Generator.set_state()}: the next numbers are those that followed it. */
    public synchronized Generator setState(State state) {
        manualSeed(state.seed());
        RandomGenerator source = rng.source;
        for (long i = 0; i < state.draws(); i++) source.nextLong();
        rng.draws = state.draws();
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
