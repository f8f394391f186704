package dev.cochlea.audio.augment;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.WaveKernels;
import dev.cochlea.tensor.Generator;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Additive noise at a signal-to-noise ratio drawn uniformly from {@code [minSnrDb, maxSnrDb]}:
 * the noise is scaled so that {@code 10 log10(mean(x^2) / mean(noise^2))} equals the drawn SNR
 * over the clip, then added. A silent clip (zero power) is returned unchanged.
 *
 * <p>The noise source is chosen uniformly among the synthetic {@link #colors} and, when a
 * {@link ClipLibrary} of recordings is given, the recordings (one source, each file equally
 * likely): a recording contributes a random excerpt, looped when shorter than the clip. Defaults:
 * SNR {@code 5 .. 25} dB, white, pink and brown noise, no recordings, probability 1.
 *
 * <pre>{@code
 * AdditiveNoise noise = AdditiveNoise.builder().minSnrDb(10).maxSnrDb(30)
 *         .recordings(ClipLibrary.load("noise folder", Path.of("noise"), 8000)).build();
 * float[] y = noise.apply(clip, new Generator(11));
 * }</pre>
 */
public final class AdditiveNoise implements WaveAugmentation {
    private final double minSnrDb;
    private final double maxSnrDb;
    private final NoiseColor[] colors;
    private final ClipLibrary recordings;
    private final double probability;

    private AdditiveNoise(Builder b) {
        Checks.range("noise", "SNR", b.minSnrDb, b.maxSnrDb);
        if (b.colors.isEmpty() && b.recordings == null) {
            throw new IllegalArgumentException("noise: expected at least one noise colour or a folder of recordings, found neither");
        }
        this.minSnrDb = b.minSnrDb;
        this.maxSnrDb = b.maxSnrDb;
        this.colors = b.colors.toArray(new NoiseColor[0]);
        this.recordings = b.recordings;
        this.probability = Checks.probability("noise", b.probability);
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public float[] apply(float[] waveform, Generator generator) {
        double snr = Checks.uniform(generator, minSnrDb, maxSnrDb);
        int sources = colors.length + (recordings == null ? 0 : 1);
        int source = sources == 1 ? 0 : generator.nextInt(sources);
        long seed = generator.nextLong(Long.MIN_VALUE, Long.MAX_VALUE);
        int n = waveform.length;
        float[] noise = new float[n];
        if (source < colors.length) {
            WaveKernels.noise(colors[source].kernelCode, seed, noise, 0, n);
        } else {
            float[] rec = recordings.clip((int) Long.remainderUnsigned(seed, recordings.size()));
            int start = (int) Long.remainderUnsigned(seed >>> 20, rec.length);
            for (int filled = 0; filled < n; ) {
                int len = Math.min(n - filled, rec.length - start);
                System.arraycopy(rec, start, noise, filled, len);
                filled += len;
                start = 0;
            }
        }
        return mix(waveform, noise, snr);
    }

    /** {@code x + s * noise} with {@code s} chosen so that the SNR is {@code snrDb} (x unchanged when silent or the noise is). */
    static float[] mix(float[] x, float[] noise, double snrDb) {
        float[] out = x.clone();
        double ps = Checks.power(x), pn = Checks.power(noise);
        if (ps == 0 || pn == 0) return out;
        double scale = Math.sqrt(ps / (pn * Math.pow(10, snrDb / 10)));
        KernelProvider.get().axpy((float) scale, noise, 0, out, 0, x.length);
        return out;
    }

    /** Whether recordings are among the sources. */
    boolean usesRecordings() {
        return recordings != null;
    }

    @Override
    public double probability() {
        return probability;
    }

    @Override
    public String description() {
        StringBuilder s = new StringBuilder("noise=").append(Checks.fmt(minSnrDb)).append(':').append(Checks.fmt(maxSnrDb)).append("dB[");
        for (int i = 0; i < colors.length; i++) s.append(i == 0 ? "" : "+").append(colors[i].name().toLowerCase(Locale.ROOT));
        if (recordings != null) s.append(colors.length == 0 ? "" : "+").append(recordings.size()).append(" files");
        return s.append("]@").append(Checks.fmt(probability)).toString();
    }

    @Override
    public String toString() {
        return description();
    }

    /**
     * Settings of an {@link AdditiveNoise}.
     *
     * <pre>{@code
     * AdditiveNoise n = AdditiveNoise.builder().minSnrDb(0).maxSnrDb(20).colors(NoiseColor.PINK).build();
     * }</pre>
     */
    public static final class Builder {
        double minSnrDb = 5;
        double maxSnrDb = 25;
        Set<NoiseColor> colors = EnumSet.allOf(NoiseColor.class);
        ClipLibrary recordings;
        double probability = 1;

        private Builder() {}

        /** Lowest SNR in dB (default 5). */
        public Builder minSnrDb(double v) {
            this.minSnrDb = v;
            return this;
        }

        /** Highest SNR in dB (default 25). */
        public Builder maxSnrDb(double v) {
            this.maxSnrDb = v;
            return this;
        }

        /** The synthetic colours to draw from (default all three; none for recordings only). */
        public Builder colors(NoiseColor... colors) {
            this.colors = colors.length == 0 ? EnumSet.noneOf(NoiseColor.class) : EnumSet.copyOf(Arrays.asList(colors));
            return this;
        }

        /** Noise recordings at the clips' sample rate (default none). */
        public Builder recordings(ClipLibrary recordings) {
            this.recordings = recordings;
            return this;
        }

        /** Probability of applying the step in a pipeline (default 1). */
        public Builder probability(double v) {
            this.probability = v;
            return this;
        }

        /** The augmentation. */
        public AdditiveNoise build() {
            return new AdditiveNoise(this);
        }
    }
}
