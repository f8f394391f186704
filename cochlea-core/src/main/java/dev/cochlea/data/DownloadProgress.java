package dev.cochlea.data;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Reports a download's progress on one stream: on a terminal a single line redrawn in place
 * ({@code \r}) a few times a second, elsewhere (pipes, logs, CI) a line per tenth of the total or
 * every 10 s; a closing line gives the size and time.
 *
 * <pre>{@code
 * DownloadProgress p = DownloadProgress.on(System.err);
 * p.start("https://example.org/a.zip", 15_000_000);  // total -1 when unknown
 * p.update(3_400_000);                               //   3.4 MB / 15.0 MB  23%
 * p.done(15_000_000);
 * }</pre>
 */
final class DownloadProgress {
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final long LOG_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final boolean redraw;
    private long total = -1;
    private long startNanos;
    private long lastNanos;
    private int lastTenth;
    private boolean pending;

    private DownloadProgress(PrintStream out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    /** Progress on {@code out}, redrawn in place if this process has a terminal; {@code null} prints nothing. */
    static DownloadProgress on(PrintStream out) {
        Console c = System.console();
        boolean tty = c != null && c.isTerminal() && !"dumb".equals(System.getenv("TERM"));
        return new DownloadProgress(out, tty);
    }

    /** Progress printed as plain lines only (for tests and logs). */
    static DownloadProgress lines(PrintStream out) {
        return new DownloadProgress(out, false);
    }

    synchronized void start(String url, long totalBytes) {
        total = totalBytes;
        startNanos = System.nanoTime();
        lastNanos = startNanos;
        lastTenth = 0;
        if (out != null) {
            out.println("downloading " + url + (total > 0 ? " (" + size(total) + ")" : ""));
            out.flush();
        }
    }

    synchronized void update(long bytes) {
        if (out == null) return;
        long now = System.nanoTime();
        if (redraw) {
            if (now - lastNanos < REDRAW_NANOS) return;
            out.print("\r  " + amount(bytes) + "   ");
            pending = true;
        } else {
            int tenth = total > 0 ? (int) Math.min(10, bytes * 10 / total) : 0;
            if (tenth <= lastTenth && now - lastNanos < LOG_NANOS) return;
            lastTenth = Math.max(lastTenth, tenth);
            out.println("  " + amount(bytes));
        }
        lastNanos = now;
        out.flush();
    }

    synchronized void done(long bytes) {
        if (out == null) return;
        if (pending) out.print("\r");
        double s = (System.nanoTime() - startNanos) * 1e-9;
        out.printf(Locale.ROOT, "  %s downloaded in %.1f s%s%n", size(bytes), s, pending ? "          " : "");
        pending = false;
        out.flush();
    }

    /** Ends a redrawn line after a failure so the error message starts on its own line. */
    synchronized void abort() {
        if (out != null && pending) {
            out.println();
            out.flush();
        }
        pending = false;
    }

    private String amount(long bytes) {
        if (total <= 0) return size(bytes);
        return String.format(Locale.ROOT, "%s / %s  %3d%%", size(bytes), size(total), Math.min(100, bytes * 100 / total));
    }

    /** {@code 512 B}, {@code 3.4 kB}, {@code 15.0 MB}, {@code 1.2 GB} (powers of 1000). */
    static String size(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 999.95 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
