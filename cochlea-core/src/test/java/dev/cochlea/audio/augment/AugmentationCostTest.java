package dev.cochlea.audio.augment;

import dev.cochlea.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prints the average cost per 1-s 8 kHz clip, on one thread, of each augmentation (always
 * applied, class defaults) and of the {@code default} recipe (with its probabilities): wall time
 * and the thread's CPU time (the better figure on a shared, loaded machine). Prints, does not
 * assert a time. Run alone:
 * {@code mvn -o test -Dtest=AugmentationCostTest -Dcochlea.augment.clips=5000}.
 */
class AugmentationCostTest {
    @Test
    void printCostPerClip() {
        int clips = Integer.getInteger("cochlea.augment.clips", 300);
        float[] x = Signals.clip(8000);
        System.out.printf(Locale.ROOT, "augmentation cost per 1-s 8 kHz clip, one thread, %d clips after warm-up (%s)%n", clips,
                System.getProperty("os.arch"));
        time("speed 0.9-1.1 (5 factors)", clips, x, SpeedPerturbation.builder().build()::apply);
        time("pitch -2..2 st (step 0.5)", clips, x, PitchShift.builder().build()::apply);
        time("gain", clips, x, RandomGain.builder().build()::apply);
        for (NoiseColor c : NoiseColor.values()) {
            AdditiveNoise n = AdditiveNoise.builder().colors(c).build();
            time("noise " + c.name().toLowerCase(Locale.ROOT), clips, x, n::apply);
        }
        time("reverb 0.2-0.8 s", clips, x, Reverberation.builder().build()::apply);
        WaveAugmentations d = WaveAugmentations.parse("default", 8000, null, null);
        System.out.println("  default = " + d.description());
        time("default recipe", clips, x, (w, g) -> d.apply(w, g).waveform());
        WaveAugmentations all = WaveAugmentations.parse("speed,pitch,gain,noise,reverb,vtlp", 8000, null, null);
        time("all six at p=1", clips, x, (w, g) -> all.apply(w, g).waveform());
    }

    private interface Op {
        float[] apply(float[] w, Generator g);
    }

    private static void time(String name, int clips, float[] x, Op op) {
        double sink = 0;
        for (int i = 0; i < Math.max(200, clips / 4); i++) sink += op.apply(x, new Generator(i))[100];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < clips; i++) sink += op.apply(x, new Generator(1_000_000 + i))[100];
        double ms = (System.nanoTime() - t0) / 1e6 / clips;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / clips;
        System.out.printf(Locale.ROOT, "  %-44s wall %7.4f ms/clip, thread CPU %7.4f ms/clip%n", name, ms, cpu);
        assertTrue(!Double.isNaN(sink));
    }
}
