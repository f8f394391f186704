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
 * AmplitudeToDB db = new AmplitudeToDB(AmplitudeToDB.options().stype(AmplitudeToDB.SType.POWER).topDb(80.0));
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

    /**
     * The decibel conversion's options ({@code torchaudio.transforms.AmplitudeToDB}'s arguments
     * and {@code amin}, {@code ref} of the functional form), immutable, with withers;
     * {@link AmplitudeToDB#options()} has torchaudio's defaults. Every value is checked when the
     * record is made.
     *
     * <pre>{@code
     * AmplitudeToDB.Options o = AmplitudeToDB.options().stype(AmplitudeToDB.SType.MAGNITUDE).topDb(80.0);
     * }</pre>
     *
     * @param stype what the input holds (power: multiplier 10, magnitude: 20)
     * @param topDb dynamic range kept below each spectrogram's maximum in dB ({@code top_db},
     *              {@code >= 0}), or null for none
     * @param amin  floor applied to the input before the logarithm (positive)
     * @param ref   reference value mapped to 0 dB ({@code ref_value})
     */
    public record Options(SType stype, Double topDb, double amin, double ref) {
        /** Checks every value. */
        public Options {
            if (stype == null) throw new IllegalArgumentException("AmplitudeToDB.Options: stype must not be null (SType.POWER is the default)");
            if (topDb != null && !(topDb >= 0)) {
                throw new IllegalArgumentException("AmplitudeToDB.Options: top_db must be a non-negative value or null, found " + topDb);
            }
            if (!(amin > 0)) throw new IllegalArgumentException("AmplitudeToDB.Options: amin must be positive, found " + amin);
        }

        /** These options for input of type {@code stype}. <pre>{@code options.stype(AmplitudeToDB.SType.MAGNITUDE)}</pre> */
        public Options stype(SType stype) {
            return new Options(stype, topDb, amin, ref);
        }

        /** These options keeping {@code topDb} dB below the maximum (null: all). <pre>{@code options.topDb(80.0)}</pre> */
        public Options topDb(Double topDb) {
            return new Options(stype, topDb, amin, ref);
        }

        /** These options with input floor {@code amin}. <pre>{@code options.amin(1e-5)}</pre> */
        public Options amin(double amin) {
            return new Options(stype, topDb, amin, ref);
        }

        /** These options with reference value {@code ref}. <pre>{@code options.ref(2.0)}</pre> */
        public Options ref(double ref) {
            return new Options(stype, topDb, amin, ref);
        }
    }

    private static final Options DEFAULTS = new Options(SType.POWER, null, 1e-10, 1.0);

    private final SType stype;
    private final Double topDb;
    private final double amin;
    private final double ref;
    private final double multiplier;
    private final double dbMultiplier;

    /** A power-to-decibel conversion with torchaudio's defaults. */
    public AmplitudeToDB() {
        this(DEFAULTS);
    }

    /** A decibel conversion with the given options. */
    public AmplitudeToDB(Options o) {
        this.stype = o.stype();
        this.topDb = o.topDb();
        this.amin = o.amin();
        this.ref = o.ref();
        this.multiplier = stype == SType.POWER ? 10.0 : 20.0;
        this.dbMultiplier = Math.log10(Math.max(amin, ref));
    }

    /** torchaudio's defaults: power, no {@code top_db}, {@code amin = 1e-10}, {@code ref = 1}. <pre>{@code AmplitudeToDB.options().topDb(80.0)}</pre> */
    public static Options options() {
        return DEFAULTS;
    }

    /** {@code torchaudio.transforms.AmplitudeToDB(stype, top_db)}. */
    public static AmplitudeToDB of(SType stype, Double topDb) {
        return new AmplitudeToDB(DEFAULTS.stype(stype).topDb(topDb));
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
}
