package dev.cochlea.tensor;

import org.junit.jupiter.api.Test;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import static org.junit.jupiter.api.Assertions.*;

/** A generator's numbers are the JDK's L64X128MixRandom's, and its state restores them exactly. */
class GeneratorTest {
    @Test
    void drawsTheJdkGeneratorsNumbers() {
        RandomGenerator jdk = RandomGeneratorFactory.of("L64X128MixRandom").create(42L);
        Generator g = new Generator(42);
        for (int i = 0; i < 20_000; i++) {
            switch (i % 4) {
                case 0 -> assertEquals(Float.floatToIntBits(jdk.nextFloat()), Float.floatToIntBits(g.nextFloat()));
                case 1 -> assertEquals(Float.floatToIntBits((float) jdk.nextGaussian()), Float.floatToIntBits(g.nextGaussian()));
                case 2 -> assertEquals(jdk.nextLong(3, 1_000_003), g.nextLong(3, 1_000_003));
                default -> assertEquals(jdk.nextInt(37), g.nextInt(37));
            }
        }
    }

    @Test
    void aRestoredStateContinuesWithTheSameNumbers() {
        Generator g = new Generator(7);
        float[] warm = new float[1000];
        g.fillNormal(warm, 0, warm.length, 0, 1);
        g.nextInt(13);
        Generator.State s = g.getState();
        assertEquals(7, s.seed());
        assertTrue(s.draws() >= 1001, "draws counted: " + s.draws());
        float[] expected = new float[500];
        g.fillNormal(expected, 0, expected.length, 0, 1);
        long next = g.nextLong(0, Long.MAX_VALUE);

        Generator other = new Generator(99).setState(s);
        assertEquals(s, other.getState());
        float[] again = new float[500];
        other.fillNormal(again, 0, again.length, 0, 1);
        assertArrayEquals(expected, again);
        assertEquals(next, other.nextLong(0, Long.MAX_VALUE));
    }

    @Test
    void reseedingStartsTheCountAgain() {
        Generator g = new Generator(1);
        g.nextFloat();
        g.manualSeed(3);
        assertEquals(new Generator.State(3, 0), g.getState());
        assertThrows(IllegalArgumentException.class, () -> new Generator.State(0, -1));
    }
}
