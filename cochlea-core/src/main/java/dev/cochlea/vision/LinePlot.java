package dev.cochlea.vision;

import dev.cochlea.tensor.Tensor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line-plot renderer: one or more named curves {@code y(x)} drawn on shared axes with
 * tick marks and labels at "nice" values (1, 2 or 5 times a power of ten), light grid lines, a
 * line at zero, axis labels, an optional title and a legend. Meant for the pictures a course or a
 * report needs (activation functions and their derivatives, loss curves), not as a charting
 * library. Works headless; no display is needed.
 *
 * <p>Instances are immutable: each setting returns a new plot. Points whose x or y is NaN or
 * infinite break the line there. Axis ranges default to the data's extent plus a small margin
 * and can be fixed with {@link #xRange} and {@link #yRange}; parts of curves outside them are
 * clipped.
 *
 * <pre>{@code
 * Tensor x = Tensor.linspace(-6, 6, 241);
 * LinePlot.titled("Activation functions")
 *         .labels("x", "f(x)")
 *         .line("ReLU", x, x.relu())
 *         .line("Sigmoid", x, x.sigmoid())
 *         .line("Tanh", x, x.tanh())
 *         .yRange(-1.5, 3)
 *         .writePng(Path.of("activations.png"));   // temporary file renamed into place
 * }</pre>
 */
public final class LinePlot {
    static {
        Images.headless();
    }

    /** The default colours, in order (matplotlib's "tab10"). */
    private static final int[] PALETTE = {
            0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};

    /** One curve: its legend label, points and colour. */
    private record Series(String label, double[] x, double[] y, int rgb, boolean dashed) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series;
    private final double[] xRange;
    private final double[] yRange;
    private final int width;
    private final int height;

    private LinePlot(String title, String xLabel, String yLabel, List<Series> series, double[] xRange, double[] yRange,
                     int width, int height) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.series = List.copyOf(series);
        this.xRange = xRange;
        this.yRange = yRange;
        this.width = width;
        this.height = height;
    }

    /** An empty 640×420 plot without a title. */
    public static LinePlot create() {
        return new LinePlot(null, null, null, List.of(), null, null, 640, 420);
    }

    /** An empty 640×420 plot with {@code title} above it. */
    public static LinePlot titled(String title) {
        return create().title(title);
    }

    /** A copy with {@code title} above the plot (null for none). */
    public LinePlot title(String title) {
        return new LinePlot(title, xLabel, yLabel, series, xRange, yRange, width, height);
    }

    /** A copy with these axis labels (null for none). */
    public LinePlot labels(String x, String y) {
        return new LinePlot(title, x, y, series, xRange, yRange, width, height);
    }

    /**
     * A copy of {@code width × height} pixels.
     *
     * @throws IllegalArgumentException when smaller than 200×150 or larger than 8192 on a side
     */
    public LinePlot size(int width, int height) {
        if (width < 200 || height < 150 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("LinePlot.size: " + width + "x" + height + " is outside 200x150 .. 8192x8192");
        }
        return new LinePlot(title, xLabel, yLabel, series, xRange, yRange, width, height);
    }

    /** A copy whose x axis spans {@code [min, max]} exactly. */
    public LinePlot xRange(double min, double max) {
        return new LinePlot(title, xLabel, yLabel, series, range("xRange", min, max), yRange, width, height);
    }

    /** A copy whose y axis spans {@code [min, max]} exactly. */
    public LinePlot yRange(double min, double max) {
        return new LinePlot(title, xLabel, yLabel, series, xRange, range("yRange", min, max), width, height);
    }

    /** A copy with one more curve through the points {@code (x[i], y[i])}, in the next palette colour. */
    public LinePlot line(String label, double[] x, double[] y) {
        return add(label, x, y, false);
    }

    /** As {@link #line(String, double[], double[])}, from floats. */
    public LinePlot line(String label, float[] x, float[] y) {
        return add(label, toDouble(x), toDouble(y), false);
    }

    /** As {@link #line(String, double[], double[])}, from two 1-D tensors of the same length. */
    public LinePlot line(String label, Tensor x, Tensor y) {
        return add(label, values(x, "x"), values(y, "y"), false);
    }

    /** As {@link #line(String, Tensor, Tensor)}, drawn dashed (e.g. a derivative next to its function). */
    public LinePlot dashed(String label, Tensor x, Tensor y) {
        return add(label, values(x, "x"), values(y, "y"), true);
    }

    /** The number of curves. */
    public int lines() {
        return series.size();
    }

    private LinePlot add(String label, double[] x, double[] y, boolean dashed) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("LinePlot.line '" + label + "': " + x.length + " x values but " + y.length + " y values");
        }
        if (x.length == 0) throw new IllegalArgumentException("LinePlot.line '" + label + "': no points");
        List<Series> more = new ArrayList<>(series);
        more.add(new Series(label, x.clone(), y.clone(), PALETTE[series.size() % PALETTE.length], dashed));
        return new LinePlot(title, xLabel, yLabel, more, xRange, yRange, width, height);
    }

    /**
     * Renders the plot.
     *
     * @throws IllegalStateException when there are no curves
     */
    public BufferedImage render() {
        if (series.isEmpty()) throw new IllegalStateException("LinePlot: no lines to draw");
        double[] xr = xRange != null ? xRange : extent(true);
        double[] yr = yRange != null ? yRange : extent(false);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();

            List<Double> yTicks = ticks(yr[0], yr[1]);
            int yTickWidth = 0;
            for (double t : yTicks) yTickWidth = Math.max(yTickWidth, fm.stringWidth(format(t, yTicks)));
            int left = 14 + yTickWidth + (yLabel == null ? 0 : fm.getHeight() + 4);
            int right = 16;
            int top = title == null ? 14 : 14 + fm.getHeight() + 8;
            int bottom = 12 + fm.getHeight() + (xLabel == null ? 0 : fm.getHeight() + 4);
            int pw = width - left - right, ph = height - top - bottom;
            Mapping m = new Mapping(xr[0], xr[1], yr[0], yr[1], left, top, pw, ph);

            // grid, zero lines, frame
            List<Double> xTicks = ticks(xr[0], xr[1]);
            g.setStroke(new BasicStroke(1f));
            g.setColor(new Color(0xE6E6E6));
            for (double t : xTicks) g.drawLine((int) Math.round(m.px(t)), top, (int) Math.round(m.px(t)), top + ph);
            for (double t : yTicks) g.drawLine(left, (int) Math.round(m.py(t)), left + pw, (int) Math.round(m.py(t)));
            g.setColor(new Color(0x9A9A9A));
            if (yr[0] < 0 && yr[1] > 0) g.drawLine(left, (int) Math.round(m.py(0)), left + pw, (int) Math.round(m.py(0)));
            if (xr[0] < 0 && xr[1] > 0) g.drawLine((int) Math.round(m.px(0)), top, (int) Math.round(m.px(0)), top + ph);

            // curves, clipped to the plot area
            Shape clip = g.getClip();
            g.clipRect(left, top, pw + 1, ph + 1);
            for (Series s : series) {
                g.setColor(new Color(s.rgb()));
                g.setStroke(s.dashed()
                        ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f)
                        : new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(path(s, m));
            }
            g.setClip(clip);

            // frame, ticks and tick labels
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.BLACK);
            g.drawRect(left, top, pw, ph);
            for (double t : xTicks) {
                int x = (int) Math.round(m.px(t));
                g.drawLine(x, top + ph, x, top + ph + 4);
                String s = format(t, xTicks);
                g.drawString(s, x - fm.stringWidth(s) / 2, top + ph + 6 + fm.getAscent());
            }
            for (double t : yTicks) {
                int y = (int) Math.round(m.py(t));
                g.drawLine(left - 4, y, left, y);
                String s = format(t, yTicks);
                g.drawString(s, left - 7 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
            }

            // labels and title
            if (xLabel != null) {
                g.drawString(xLabel, left + (pw - fm.stringWidth(xLabel)) / 2, height - 8);
            }
            if (yLabel != null) {
                Graphics2D r = (Graphics2D) g.create();
                r.translate(8 + fm.getAscent(), top + (ph + fm.stringWidth(yLabel)) / 2.0);
                r.rotate(-Math.PI / 2);
                r.drawString(yLabel, 0, 0);
                r.dispose();
            }
            if (title != null) {
                Font bold = font.deriveFont(Font.BOLD, 14f);
                g.setFont(bold);
                FontMetrics bm = g.getFontMetrics();
                g.drawString(title, (width - bm.stringWidth(title)) / 2, 10 + bm.getAscent());
                g.setFont(font);
            }
            legend(g, fm, left, top);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders and writes a PNG file, replacing an existing one (temporary file renamed into place). */
    public void writePng(Path file) throws IOException {
        Images.writePng(render(), file, true);
    }

    private void legend(Graphics2D g, FontMetrics fm, int left, int top) {
        int rowH = fm.getHeight() + 2, swatch = 24;
        int w = 0;
        for (Series s : series) w = Math.max(w, fm.stringWidth(s.label() == null ? "" : s.label()));
        int bw = swatch + 8 + w + 14, bh = rowH * series.size() + 8;
        int bx = left + 10, by = top + 10;
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(bx, by, bw, bh);
        g.setColor(new Color(0xB0B0B0));
        g.setStroke(new BasicStroke(1f));
        g.drawRect(bx, by, bw, bh);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int y = by + 4 + i * rowH + rowH / 2;
            g.setColor(new Color(s.rgb()));
            g.setStroke(s.dashed()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
            g.drawLine(bx + 6, y, bx + 6 + swatch, y);
            g.setColor(Color.BLACK);
            g.drawString(s.label() == null ? "" : s.label(), bx + 6 + swatch + 8, y + fm.getAscent() / 2 - 1);
        }
    }

    private static Path2D path(Series s, Mapping m) {
        Path2D.Double p = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < s.x().length; i++) {
            double x = s.x()[i], y = s.y()[i];
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                pen = false;
                continue;
            }
            // keep far-off points within a few plot sizes so Java2D need not draw huge coordinates
            double px = Math.clamp(m.px(x), -1e5, 1e5), py = Math.clamp(m.py(y), -1e5, 1e5);
            if (pen) p.lineTo(px, py);
            else p.moveTo(px, py);
            pen = true;
        }
        return p;
    }

    /** Data coordinates to pixels. */
    private record Mapping(double x0, double x1, double y0, double y1, int left, int top, int pw, int ph) {
        double px(double x) {
            return left + (x - x0) / (x1 - x0) * pw;
        }

        double py(double y) {
            return top + ph - (y - y0) / (y1 - y0) * ph;
        }
    }

    /** The data's extent along x or y with a 5% margin on y (none on x); a zero-width range is widened. */
    private double[] extent(boolean x) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) continue;
                double v = x ? s.x()[i] : s.y()[i];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) return new double[] {0, 1};
        if (lo == hi) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[] {lo - pad, hi + pad};
        }
        if (x) return new double[] {lo, hi};
        double pad = (hi - lo) * 0.05;
        return new double[] {lo - pad, hi + pad};
    }

    /** Tick values at 1, 2 or 5 × 10^k inside {@code [lo, hi]}, about 5 to 10 of them. */
    static List<Double> ticks(double lo, double hi) {
        double step = niceStep((hi - lo) / 6);
        List<Double> out = new ArrayList<>();
        long first = (long) Math.ceil(lo / step - 1e-9), last = (long) Math.floor(hi / step + 1e-9);
        for (long k = first; k <= last; k++) {
            double v = k * step;
            out.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        }
        return out;
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        double nice = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
        return nice * p;
    }

    /** A tick label with as many decimals as the step between ticks needs. */
    private static String format(double v, List<Double> ticks) {
        double step = ticks.size() > 1 ? Math.abs(ticks.get(1) - ticks.get(0)) : Math.max(Math.abs(v), 1);
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(v) >= 1e5 || (v != 0 && Math.abs(v) < 1e-4)) return String.format(Locale.ROOT, "%.1e", v);
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
    }

    private static double[] range(String what, double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
            throw new IllegalArgumentException("LinePlot." + what + ": need finite min < max, got " + min + ", " + max);
        }
        return new double[] {min, max};
    }

    private static double[] values(Tensor t, String axis) {
        if (t.dim() != 1) {
            throw new IllegalArgumentException("LinePlot.line: " + axis + " must be 1-D, got shape " + java.util.Arrays.toString(t.shape()));
        }
        return toDouble(t.detach().contiguous().toFloat().toFloatArray());
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
