package dev.cochlea.audio;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.SpectralKernels;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;

/**
 * Converts a power or magnitude spectrogram to decibels: {@code torchaudio.transforms.AmplitudeToDB}
 * and {@code torchaudio.functional.amplitude_to_DB} (torchaudio 0.13).
 *
 * <p>{@code out = multiplier * log10(max(x, amin)) - multiplier * log10(max(amin, ref))} with
 * {@code multiplier = 10} for power and {@code 20} for magnitude. With {@code topDb} set, values
 * are floored at {@code max - topDb}, the maximum taken <em>per spectrogram</em> as torchaudio 0.13
 * does: over the whole input for {@code [freq, time]} and {@code [channel, freq, time]} (all
 * channels share one floor), and separately for each leading index of a
 * {@code [..., batch, channel, freq, time]} input (each batch item has its own floor across its
 * channels). librosa's {@code power_to_db} instead takes the maximum over the whole array it is
 * given, uses {@code top_db = 80} by default, and accepts {@code ref=np.max}.
 *
 * <p>Defaults are torchaudio's: power, no {@code topDb}, {@code amin = 1e-10}, {@code ref = 1}.
 *
 * <pre>{@code
 * AmplitudeToDB db = AmplitudeToDB.builder().stype(AmplitudeToDB.SType.POWER).topDb(80.0).build();
 * Tensor s = db.forward(powerSpec);               // [1, 129, 63], values >= max - 80
 * Tensor m = AmplitudeToDB.amplitudeToDB(mag, 20.0, 1e-10, 0.0, null);
 * }</pre>
 */
public final class AmplitudeToDB extends Module {
    /**
     * What the input holds.
     *
     * <pre>{@code
     * AmplitudeToDB db = AmplitudeToDB.of(AmplitudeToDB.SType.MAGNITUDE, 80.0);   // 20 log10
     * }</pre>
     */
    public enum SType {
        /** Power (squared magnitude): multiplier 10. */
        POWER,
        /** Magnitude (amplitude): multiplier 20. */
        MAGNITUDE
    }

    private final SType stype;
    private final Double topDb;
    private final double amin;
    private final double ref;
    private final double multiplier;
    private final double dbMultiplier;

    private AmplitudeToDB(Builder b) {
        if (b.topDb != null && b.topDb < 0) throw new IllegalArgumentException("amplitude_to_DB: top_db must be positive value");
        if (!(b.amin > 0)) throw new IllegalArgumentException("amplitude_to_DB: amin must be positive, found " + b.amin);
        this.stype = b.stype;
        this.topDb = b.topDb;
        this.amin = b.amin;
        this.ref = b.ref;
        this.multiplier = stype == SType.POWER ? 10.0 : 20.0;
        this.dbMultiplier = Math.log10(Math.max(amin, ref));
    }

    /** A builder with torchaudio's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code torchaudio.transforms.AmplitudeToDB(stype, top_db)}. */
    public static AmplitudeToDB of(SType stype, Double topDb) {
        return builder().stype(stype).topDb(topDb).build();
    }

    /** Decibels of {@code x [..., freq, time]} (same shape). */
    @Override
    public Tensor forward(Tensor x) {
        return amplitudeToDB(x, multiplier, amin, dbMultiplier, topDb);
    }

    /** Same as {@link #forward(Tensor)}. */
    public Tensor apply(Tensor x) {
        return forward(x);
    }

    /**
     * {@code torchaudio.functional.amplitude_to_DB(x, multiplier, amin, db_multiplier, top_db)}:
     * {@code dbMultiplier} is {@code log10(max(amin, ref))}; {@code topDb} may be null.
     */
    public static Tensor amplitudeToDB(Tensor x, double multiplier, double amin, double dbMultiplier, Double topDb) {
        Tensor c = Signals.floatContiguous(x);
        int[] shape = c.shape();
        int n = c.numel();
        float[] out = new float[n];
        float[] src = c.storage();
        double offset = multiplier * dbMultiplier;
        Kernels k = KernelProvider.get();
        if (topDb == null || n == 0) {
            k.toDecibels(src, c.offset(), out, 0, n, multiplier, amin, offset);
            return Tensor.wrap(out, shape);
        }
        // one floor per spectrogram: [F, T] and [C, F, T] as a whole, [..., C, F, T] per leading index
        int d = shape.length;
        int group = d <= 2 ? n : shape[d - 3] * shape[d - 2] * shape[d - 1];
        int groups = group == 0 ? 0 : n / group;
        for (int g = 0; g < groups; g++) {
            int o = g * group;
            float max = k.toDecibels(src, c.offset() + o, out, o, group, multiplier, amin, offset);
            float floor = (float) (max - topDb);
            if (Float.isNaN(floor)) {
                java.util.Arrays.fill(out, o, o + group, Float.NaN);
            } else {
                k.clampMin(out, o, group, floor);
            }
        }
        return Tensor.wrap(out, shape);
    }

    /**
     * {@code torchaudio.functional.DB_to_amplitude}: {@code ref * (10^(0.1 x))^power}; power 1
     * inverts power decibels, 0.5 magnitude decibels.
     */
    public static Tensor dbToAmplitude(Tensor x, double ref, double power) {
        Tensor c = Signals.floatContiguous(x);
        float[] out = new float[c.numel()];
        SpectralKernels.fromDecibels(c.storage(), c.offset(), out, 0, out.length, ref, power);
        return Tensor.wrap(out, c.shape());
    }

    /** Input type. */
    public SType stype() {
        return stype;
    }

    /** Dynamic range below the maximum, or null for none. */
    public Double topDb() {
        return topDb;
    }

    /** Smallest input value considered. */
    public double amin() {
        return amin;
    }

    /** Reference value mapped to 0 dB. */
    public double ref() {
        return ref;
    }

    /** 10 for power, 20 for magnitude. */
    public double multiplier() {
        return multiplier;
    }

    @Override
    public String extraRepr() {
        return "stype=" + stype + ", top_db=" + topDb + ", amin=" + amin + ", ref=" + ref;
    }

    /**
     * Settings of an {@link AmplitudeToDB}.
     *
     * <pre>{@code
     * AmplitudeToDB db = AmplitudeToDB.builder().stype(AmplitudeToDB.SType.MAGNITUDE).topDb(80.0).build();
     * }</pre>
     */
    public static final class Builder {
        SType stype = SType.POWER;
        Double topDb;
        double amin = 1e-10;
        double ref = 1.0;

        private Builder() {}

        /** Power or magnitude input (default power). */
        public Builder stype(SType stype) {
            this.stype = stype == null ? SType.POWER : stype;
            return this;
        }

        /** Dynamic range kept below each spectrogram's maximum, in dB (default null: none). */
        public Builder topDb(Double topDb) {
            this.topDb = topDb;
            return this;
        }

        /** Floor applied to the input before the logarithm (default 1e-10). */
        public Builder amin(double amin) {
            this.amin = amin;
            return this;
        }

        /** Reference value mapped to 0 dB (default 1). */
        public Builder ref(double ref) {
            this.ref = ref;
            return this;
        }

        /** The transform. */
        public AmplitudeToDB build() {
            return new AmplitudeToDB(this);
        }
    }
}
