package dev.cochlea.audio.augment;

import java.util.Locale;

/** Argument checks and number formatting shared by the augmentations. */
final class Checks {
    private Checks() {}

    static double probability(String owner, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(owner + ": probability must be in [0, 1], found " + p);
        }
        return p;
    }

    static void range(String owner, String what, double lo, double hi) {
        if (!(lo <= hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
            throw new IllegalArgumentException(owner + ": the " + what + " range must be finite with low <= high, found "
                    + fmt(lo) + ":" + fmt(hi));
        }
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    /** {@code low + u (high - low)} for a uniform draw {@code u}. */
    static double uniform(dev.cochlea.tensor.Generator g, double low, double high) {
        double u = g.nextFloat();
        return low + u * (high - low);
    }

    /** A value of the grid {@code low, low + (high - low) / (steps - 1), ..., high}, chosen uniformly. */
    static double gridValue(dev.cochlea.tensor.Generator g, double low, double high, int steps) {
        if (steps <= 1 || low == high) return low;
        int i = g.nextInt(steps);
        return low + (high - low) * i / (steps - 1);
    }

    /** Mean square of {@code x} in double precision. */
    static double power(float[] x) {
        return x.length == 0 ? 0 : (double) dev.cochlea.kernels.KernelProvider.get().sumSquares(x, 0, x.length) / x.length;
    }
}
