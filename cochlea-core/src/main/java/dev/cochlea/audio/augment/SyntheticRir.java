package dev.cochlea.audio.augment;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.WaveKernels;

/**
 * A synthetic room impulse response: a direct path (a unit impulse at sample 0), silence for the
 * pre-delay, then a tail of white noise under the envelope {@code 10^(-3 t / rt60)} (energy
 * falls 60 dB in {@code rt60} seconds, counted from the direct path) lasting until that
 * envelope reaches -60 dB; the tail is scaled to the requested direct-to-reverberant energy
 * ratio, and the whole response to unit energy.
 *
 * <pre>{@code
 * float[] h = SyntheticRir.generate(0.4, 0.01, 3.0, 8000, 42L);   // rt60 0.4 s, 10 ms pre-delay, DRR 3 dB
 * }</pre>
 */
public final class SyntheticRir {
    private SyntheticRir() {}

    /**
     * The impulse response.
     *
     * @param rt60Seconds     reverberation time (60 dB energy decay), {@code > 0}
     * @param preDelaySeconds gap between the direct path and the tail, {@code >= 0}
     * @param drrDb           direct-to-reverberant energy ratio in dB
     * @param sampleRate      samples per second
     * @param seed            the tail noise's seed
     */
    public static float[] generate(double rt60Seconds, double preDelaySeconds, double drrDb, int sampleRate, long seed) {
        if (!(rt60Seconds > 0)) throw new IllegalArgumentException("reverb: rt60 must be positive, found " + rt60Seconds);
        if (!(preDelaySeconds >= 0)) throw new IllegalArgumentException("reverb: pre-delay must be >= 0, found " + preDelaySeconds);
        int delay = Math.max(1, (int) Math.round(preDelaySeconds * sampleRate));
        int end = Math.max(delay + 1, (int) Math.ceil(rt60Seconds * sampleRate));
        float[] h = new float[end];
        int tail = end - delay;
        WaveKernels.noise(WaveKernels.WHITE, seed, h, delay, tail);
        // amplitude envelope exp(-ln(1000) t / rt60) = 10^(-3 t / rt60), t from the direct path
        double decay = Math.exp(-Math.log(1000.0) / (rt60Seconds * sampleRate));
        double env = Math.pow(decay, delay);
        for (int i = delay; i < end; i++) {
            h[i] *= (float) env;
            env *= decay;
        }
        Kernels k = KernelProvider.get();
        double tailEnergy = k.sumSquares(h, delay, tail);
        if (tailEnergy > 0) {
            float s = (float) Math.sqrt(Math.pow(10, -drrDb / 10) / tailEnergy);
            k.binaryScalar(Kernels.Binary.MUL, h, delay, s, h, delay, tail);
        }
        h[0] = 1f;
        normalise(h);
        return h;
    }

    /** Scales {@code h} in place to unit energy (left as it is when all zero). */
    static void normalise(float[] h) {
        Kernels k = KernelProvider.get();
        double e = k.sumSquares(h, 0, h.length);
        if (e > 0) k.binaryScalar(Kernels.Binary.MUL, h, 0, (float) (1 / Math.sqrt(e)), h, 0, h.length);
    }
}
