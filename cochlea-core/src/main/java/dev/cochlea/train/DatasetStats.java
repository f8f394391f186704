package dev.cochlea.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The statistics printed before training, as the course's pipeline asks: clips per class, clip
 * durations (min / median / max) and the features' mean and variance.
 *
 * <pre>{@code
 * System.out.print(DatasetStats.describe("train", trainSet, classes, norm));
 * }</pre>
 */
public final class DatasetStats {
    private DatasetStats() {}

    /** A short multi-line report of one part of the data. */
    public static String describe(String name, FeatureSet set, List<String> classes, Normalizer stats) {
        return describe(name, set, classes, stats, FeatureNormalization.DATASET);
    }

    /** As {@link #describe(String, FeatureSet, List, Normalizer)}, naming how features are normalised. */
    public static String describe(String name, FeatureSet set, List<String> classes, Normalizer stats, FeatureNormalization how) {
        StringBuilder sb = new StringBuilder();
        int[] perClass = new int[classes.size()];
        float[] d = new float[set.size()];
        for (int i = 0; i < set.size(); i++) {
            long c = set.label(i);
            if (c >= 0 && c < perClass.length) perClass[(int) c]++;
            d[i] = set.duration(i);
        }
        Arrays.sort(d);
        sb.append(String.format(Locale.ROOT, "%s: %d clips in %d classes", name, set.size(), classes.size()));
        if (d.length > 0) {
            sb.append(String.format(Locale.ROOT, "; duration min %.2f s, median %.2f s, max %.2f s",
                    d[0], d[(d.length - 1) / 2], d[d.length - 1]));
        }
        sb.append('\n').append("  clips per class:");
        for (int c = 0; c < perClass.length; c++) sb.append(' ').append(classes.get(c)).append('=').append(perClass[c]);
        sb.append('\n');
        if (stats != null) {
            double mean = 0, var = 0;
            for (int b = 0; b < stats.mean().length; b++) {
                mean += stats.mean()[b];
                var += (double) stats.std()[b] * stats.std()[b] + (double) stats.mean()[b] * stats.mean()[b];
            }
            mean /= stats.mean().length;
            var = var / stats.mean().length - mean * mean;
            sb.append(String.format(Locale.ROOT, "  features %s: mean %.3f, variance %.3f (%s)%n", Arrays.toString(set.shape()), mean, var,
                    how == FeatureNormalization.DATASET ? "normalised per band with these training statistics"
                            : how == FeatureNormalization.UTTERANCE ? "each clip normalised with its own statistics"
                            : "each clip normalised with the statistics of its recorded frames"));
        }
        return sb.toString();
    }
}
