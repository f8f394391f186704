package dev.cochlea.vision;

import dev.cochlea.tensor.Tensor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Renders a 2-D tensor {@code [rows, columns]} (a spectrogram {@code [freq, frames]}, a mel
 * spectrogram, MFCCs, an attention map...) as a colour image: row 0 at the bottom (low
 * frequencies down), values normalised to {@code [0, 1]} from their min/max or a given range,
 * then coloured by a {@link ColorMap}. Optionally with axes: time in seconds along x, frequency
 * in Hz along y (linear or mel-spaced), tick labels and a colour bar.
 *
 * <p>Instances are immutable; each setting returns a new one. Works headless.
 *
 * <pre>{@code
 * Tensor power = new Spectrogram(Spectrogram.options().stft(StftOptions.of(256).hopLength(128))).forward(wave);  // [1, 129, 63]
 * Tensor db = new AmplitudeToDB(AmplitudeToDB.options().topDb(80.0)).forward(power);
 * SpectrogramImage.of(db).colorMap(ColorMap.MAGMA).range(-80, 0)
 *         .axes(8000, 128)                                        // sample rate, hop length
 *         .writePng(Path.of("spec.png"), true);
 * BufferedImage raw = SpectrogramImage.of(db).render();           // one pixel per value, no axes
 * }</pre>
 */
public final class SpectrogramImage {
    static {
        Images.headless();
    }

    private final float[] values;
    private final int rows;
    private final int cols;
    private ColorMap colorMap = ColorMap.VIRIDIS;
    private double lo = Double.NaN;
    private double hi = Double.NaN;
    private int xScale;
    private int yScale;
    private boolean axes;
    private double secondsPerFrame = 1;
    private double fMin;
    private double fMax;
    private boolean mel;
    private String title;
    private String xLabel = "Time (s)";
    private String yLabel = "Frequency (Hz)";

    private SpectrogramImage(float[] values, int rows, int cols) {
        this.values = values;
        this.rows = rows;
        this.cols = cols;
        this.fMax = rows - 1;
    }

    /** A copy with the same settings (settings are changed only on fresh copies, so instances stay immutable). */
    private SpectrogramImage copy() {
        SpectrogramImage c = new SpectrogramImage(values, rows, cols);
        c.colorMap = colorMap;
        c.lo = lo;
        c.hi = hi;
        c.xScale = xScale;
        c.yScale = yScale;
        c.axes = axes;
        c.secondsPerFrame = secondsPerFrame;
        c.fMin = fMin;
        c.fMax = fMax;
        c.mel = mel;
        c.title = title;
        c.xLabel = xLabel;
        c.yLabel = yLabel;
        return c;
    }

    /**
     * A picture of {@code t}: {@code [rows, columns]}, or {@code [1, rows, columns]} (a single
     * channel). Viridis, min/max range, one pixel per value, no axes.
     *
     * @throws IllegalArgumentException for other shapes or an empty tensor
     */
    public static SpectrogramImage of(Tensor t) {
        int[] s = t.shape();
        if (s.length == 3 && s[0] == 1) s = new int[] {s[1], s[2]};
        if (s.length != 2) {
            throw new IllegalArgumentException("SpectrogramImage: expected [rows, columns] or [1, rows, columns], found shape "
                    + Arrays.toString(t.shape()));
        }
        if (s[0] == 0 || s[1] == 0) throw new IllegalArgumentException("SpectrogramImage: empty tensor " + Arrays.toString(t.shape()));
        return new SpectrogramImage(t.contiguous().toFloatArray(), s[0], s[1]);
    }

    /** The same picture with another colour map. */
    public SpectrogramImage colorMap(ColorMap cm) {
        SpectrogramImage c = copy();
        c.colorMap = java.util.Objects.requireNonNull(cm, "colorMap");
        return c;
    }

    /** Values at or below {@code min} get the first colour, at or above {@code max} the last (default: the data's min and max). */
    public SpectrogramImage range(double min, double max) {
        if (!(max > min)) throw new IllegalArgumentException("range: max must be above min, found " + min + ", " + max);
        SpectrogramImage c = copy();
        c.lo = min;
        c.hi = max;
        return c;
    }

    /** Each value drawn as an {@code x} by {@code y} pixel block (default 1 by 1, or enough for a readable plot with axes). */
    public SpectrogramImage scale(int x, int y) {
        if (x < 1 || y < 1) throw new IllegalArgumentException("scale: expected >= 1, found " + x + ", " + y);
        SpectrogramImage c = copy();
        c.xScale = x;
        c.yScale = y;
        return c;
    }

    /**
     * Axes for a linear-frequency spectrogram of audio at {@code sampleRate} with hop length
     * {@code hopLength}: frames {@code hopLength / sampleRate} seconds apart, rows from 0 Hz to
     * the Nyquist frequency.
     */
    public SpectrogramImage axes(int sampleRate, int hopLength) {
        return axes((double) hopLength / sampleRate, 0, sampleRate / 2.0);
    }

    /** Axes: columns {@code secondsPerFrame} apart, rows linearly spaced from {@code fMinHz} (row 0) to {@code fMaxHz} (last row). */
    public SpectrogramImage axes(double secondsPerFrame, double fMinHz, double fMaxHz) {
        return withAxes(secondsPerFrame, fMinHz, fMaxHz, false);
    }

    /**
     * Axes for a mel spectrogram: columns {@code secondsPerFrame} apart, rows the centres of mel
     * filters evenly spaced on the HTK mel scale between {@code fMinHz} and {@code fMaxHz} (as
     * torchaudio's {@code MelScale} places them); tick labels in Hz.
     */
    public SpectrogramImage melAxes(double secondsPerFrame, double fMinHz, double fMaxHz) {
        return withAxes(secondsPerFrame, fMinHz, fMaxHz, true);
    }

    private SpectrogramImage withAxes(double spf, double f0, double f1, boolean melScale) {
        if (!(spf > 0)) throw new IllegalArgumentException("axes: secondsPerFrame must be positive, found " + spf);
        if (!(f1 > f0)) throw new IllegalArgumentException("axes: fMax must be above fMin, found " + f0 + ", " + f1);
        SpectrogramImage c = copy();
        c.axes = true;
        c.secondsPerFrame = spf;
        c.fMin = f0;
        c.fMax = f1;
        c.mel = melScale;
        return c;
    }

    /** A title above the plot (drawn only with axes). */
    public SpectrogramImage title(String text) {
        SpectrogramImage c = copy();
        c.title = text;
        return c;
    }

    /**
     * Axis titles (default {@code "Time (s)"} and {@code "Frequency (Hz)"}); e.g. {@code "MFCC"}
     * for coefficients, drawn with {@code axes(secondsPerFrame, 0, nMfcc - 1)}.
     */
    public SpectrogramImage labels(String x, String y) {
        SpectrogramImage c = copy();
        c.xLabel = x;
        c.yLabel = y;
        return c;
    }

    /** The range the colours span: the given one, or the finite min and max of the data. */
    public double[] effectiveRange() {
        if (!Double.isNaN(lo)) return new double[] {lo, hi};
        double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                mn = Math.min(mn, v);
                mx = Math.max(mx, v);
            }
        }
        if (mn > mx) return new double[] {0, 1};
        return new double[] {mn, mx};
    }

    /** Renders the picture. */
    public BufferedImage render() {
        int xs = xScale, ys = yScale;
        if (xs == 0) xs = axes ? Math.clamp((480 + cols - 1) / cols, 1, 16) : 1;
        if (ys == 0) ys = axes ? Math.clamp((240 + rows - 1) / rows, 1, 16) : 1;
        if ((long) cols * xs > 32768 || (long) rows * ys > 32768) {
            throw new IllegalArgumentException("SpectrogramImage: " + cols * (long) xs + " x " + rows * (long) ys + " pixels is too large");
        }
        double[] r = effectiveRange();
        int[] plot = plotPixels(xs, ys, r[0], r[1]);
        int pw = cols * xs, ph = rows * ys;
        if (!axes) {
            BufferedImage img = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, pw, ph, plot, 0, pw);
            return img;
        }
        int left = 72, right = 86, top = title == null ? 14 : 34, bottom = 50;
        BufferedImage img = new BufferedImage(left + pw + right, top + ph + bottom, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            img.setRGB(left, top, pw, ph, plot, 0, pw);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(left - 1, top - 1, pw + 1, ph + 1);
            // colour bar
            int bx = left + pw + 14, bw = 14;
            for (int y = 0; y < ph; y++) {
                double v = 1 - (y + 0.5) / ph;
                g.setColor(new Color(colorMap.rgb(v)));
                g.drawLine(bx, top + y, bx + bw - 1, top + y);
            }
            g.setColor(Color.BLACK);
            g.drawRect(bx - 1, top - 1, bw + 1, ph + 1);
            List<Tick> xt = timeTicks(left, xs);
            List<Tick> yt = frequencyTicks(top, ys);
            for (Tick t : xt) g.drawLine(t.pos, top + ph, t.pos, top + ph + 4);
            for (Tick t : yt) g.drawLine(left - 5, t.pos, left - 1, t.pos);
            g.drawLine(bx + bw, top, bx + bw + 3, top);
            g.drawLine(bx + bw, top + ph, bx + bw + 3, top + ph);
            drawLabels(g, xt, yt, left, top, pw, ph, bx + bw + 5, r);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders and writes a PNG file (temporary file renamed into place). */
    public void writePng(Path file, boolean overwrite) throws IOException {
        Images.writePng(render(), file, overwrite);
    }

    private int[] plotPixels(int xs, int ys, double mn, double mx) {
        int pw = cols * xs, ph = rows * ys;
        int[] out = new int[pw * ph];
        double inv = mx > mn ? 1.0 / (mx - mn) : 0;
        int[] line = new int[pw];
        for (int row = 0; row < rows; row++) {
            int base = row * cols;
            for (int c = 0; c < cols; c++) {
                int rgb = colorMap.rgb((values[base + c] - mn) * inv);
                Arrays.fill(line, c * xs, (c + 1) * xs, rgb);
            }
            int y0 = (rows - 1 - row) * ys;
            for (int k = 0; k < ys; k++) System.arraycopy(line, 0, out, (y0 + k) * pw, pw);
        }
        return out;
    }

    private record Tick(int pos, String label) {}

    private List<Tick> timeTicks(int left, int xs) {
        double end = (cols - 1) * secondsPerFrame;
        double step = niceStep(Math.max(end, secondsPerFrame), Math.max(2, cols * xs / 90));
        List<Tick> out = new ArrayList<>();
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        for (int i = 0; i * step <= end + 1e-9 * step; i++) {
            double t = i * step;
            int x = left + (int) Math.round((t / secondsPerFrame + 0.5) * xs);
            out.add(new Tick(x, String.format(Locale.ROOT, "%." + decimals + "f", t)));
        }
        return out;
    }

    private static double hzToMel(double f) {
        return 2595.0 * Math.log10(1.0 + f / 700.0);
    }

    private static double melToHz(double m) {
        return 700.0 * (Math.pow(10, m / 2595.0) - 1.0);
    }

    /** The row position (fractional, 0 = first row) of frequency {@code f}. */
    private double rowOf(double f) {
        if (mel) {
            double m0 = hzToMel(fMin), m1 = hzToMel(fMax);
            return (hzToMel(f) - m0) / (m1 - m0) * (rows + 1) - 1;
        }
        return rows == 1 ? 0 : (f - fMin) / (fMax - fMin) * (rows - 1);
    }

    private List<Tick> frequencyTicks(int top, int ys) {
        int ph = rows * ys;
        int want = Math.max(2, ph / 45);
        List<Double> freqs = new ArrayList<>();
        if (mel) {
            double m0 = hzToMel(fMin), m1 = hzToMel(fMax);
            for (int i = 0; i <= want; i++) {
                double f = melToHz(m0 + (m1 - m0) * i / want);
                double mag = Math.pow(10, Math.floor(Math.log10(Math.max(f, 1))) - 1);
                freqs.add(Math.round(f / mag) * mag);
            }
        } else {
            double step = niceStep(fMax - fMin, want);
            for (double f = Math.ceil(fMin / step) * step; f <= fMax + 1e-9 * step; f += step) freqs.add(f);
        }
        List<Tick> out = new ArrayList<>();
        int last = Integer.MAX_VALUE;
        for (double f : freqs) {
            double row = rowOf(f);
            if (row < -0.5 || row > rows - 0.5) continue;
            int y = top + (int) Math.round((rows - 0.5 - row) * ys);
            if (Math.abs(last - y) < 14) continue;
            last = y;
            out.add(new Tick(y, f >= 10000 && f % 1000 == 0 ? (long) (f / 1000) + "k" : String.valueOf(Math.round(f))));
        }
        return out;
    }

    /** A step of 1, 2 or 5 times a power of ten giving about {@code count} intervals over {@code span}. */
    static double niceStep(double span, int count) {
        double raw = span / Math.max(1, count);
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    private void drawLabels(Graphics2D g, List<Tick> xt, List<Tick> yt, int left, int top, int pw, int ph, int barLabelX,
                            double[] range) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            for (Tick t : xt) g.drawString(t.label, t.pos - fm.stringWidth(t.label) / 2, top + ph + 6 + fm.getAscent());
            for (Tick t : yt) g.drawString(t.label, left - 8 - fm.stringWidth(t.label), t.pos + fm.getAscent() / 2 - 1);
            g.drawString(fmt(range[1]), barLabelX, top + fm.getAscent() / 2);
            g.drawString(fmt(range[0]), barLabelX, top + ph + fm.getAscent() / 2);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            fm = g.getFontMetrics();
            String xl = xLabel;
            g.drawString(xl, left + pw / 2 - fm.stringWidth(xl) / 2, top + ph + 38);
            String yl = yLabel;
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yl, -(top + ph / 2) - fm.stringWidth(yl) / 2, 16);
            g.setTransform(saved);
            if (title != null) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                fm = g.getFontMetrics();
                g.drawString(title, left + pw / 2 - fm.stringWidth(title) / 2, 22);
            }
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) throw e;
            // No usable fonts on this machine: keep the picture, ticks and colour bar without text.
        }
    }

    private static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains("e")) return s;
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
