package dev.cochlea.train;

import java.util.Locale;

/**
 * Formats durations for progress lines and tables: {@code 0:07}, {@code 12:30}, {@code 1:02:03}
 * as a clock, or {@code 4.2s} for short spans.
 *
 * <pre>{@code
 * Durations.clock(67);    // "1:07"
 * Durations.format(4.2);  // "4.2s"
 * Durations.format(75);   // "1:15"
 * }</pre>
 */
public final class Durations {
    private Durations() {}

    /** {@code m:ss} below an hour, {@code h:mm:ss} above; negative or non-finite values print {@code ?}. */
    public static String clock(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "?";
        long s = Math.round(seconds);
        long h = s / 3600, m = s / 60 % 60, sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }

    /** Seconds with one decimal below a minute ({@code 4.2s}), else {@link #clock}. */
    public static String format(double seconds) {
        if (Double.isFinite(seconds) && seconds >= 0 && seconds < 59.95) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        return clock(seconds);
    }
}
