package dev.cochlea.train;

import dev.cochlea.vision.ColorMap;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * Draws a {@link ConfusionMatrix} as a heat map for TensorBoard or a report: one square per (true,
 * predicted) pair, coloured with viridis by the share of its row (so a small class is as visible
 * as a large one), with the count written in it; true classes down the left, predicted ones along
 * the bottom. Uses only off-screen AWT drawing, so it works headless.
 *
 * <pre>{@code
 * BufferedImage img = ConfusionMatrixImage.render(confusion);
 * tb.addImage("val/confusion", img, epoch);
 * Images.writePng(img, Path.of("confusion.png"));
 * }</pre>
 */
public final class ConfusionMatrixImage {
    private static final int MAX_CLASSES = 200;
    private static final ColorMap COLORS = ColorMap.VIRIDIS;
    private static final String TITLE = "confusion matrix (colour: share of the true class)";

    private ConfusionMatrixImage() {}

    /**
     * The picture of {@code m}.
     *
     * @throws IllegalArgumentException with more than 200 classes (the picture would be unreadable)
     */
    public static BufferedImage render(ConfusionMatrix m) {
        int n = m.numClasses();
        if (n > MAX_CLASSES) {
            throw new IllegalArgumentException("ConfusionMatrixImage: expected at most " + MAX_CLASSES
                    + " classes to draw, got " + n);
        }
        long[][] counts = m.counts();
        int cell = Math.clamp(480 / n, 12, 56);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        Font countFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.clamp(cell * 2 / 5, 7, 14));
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 13);

        // Measure the labels on a scratch image to size the margins.
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        FontMetrics lm = sg.getFontMetrics(labelFont);
        int maxLabel = 0;
        for (String name : m.classes()) maxLabel = Math.max(maxLabel, lm.stringWidth(name));
        int titleWidth = sg.getFontMetrics(titleFont).stringWidth(TITLE);
        sg.dispose();
        boolean rotate = maxLabel > cell - 4;

        int left = 28 + maxLabel + 8, top = 34, right = 16;
        int bottom = 8 + (rotate ? maxLabel : lm.getHeight()) + 8 + lm.getHeight() + 6;
        int gw = n * cell;
        int width = Math.max(left + gw + right, 8 + titleWidth + 8), height = top + gw + bottom;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(titleFont);
            g.drawString(TITLE, 8, 20);

            g.setFont(countFont);
            FontMetrics cm = g.getFontMetrics();
            for (int t = 0; t < n; t++) {
                long support = 0;
                for (long v : counts[t]) support += v;
                for (int p = 0; p < n; p++) {
                    double share = support == 0 ? 0 : (double) counts[t][p] / support;
                    int x = left + p * cell, y = top + t * cell;
                    g.setColor(new Color(COLORS.rgb(share)));
                    g.fillRect(x, y, cell, cell);
                    String s = Long.toString(counts[t][p]);
                    if (cm.stringWidth(s) <= cell - 2) {
                        g.setColor(share < 0.5 ? Color.WHITE : Color.BLACK);
                        g.drawString(s, x + (cell - cm.stringWidth(s)) / 2, y + (cell + cm.getAscent() - cm.getDescent()) / 2);
                    }
                }
            }
            g.setColor(Color.GRAY);
            g.drawRect(left - 1, top - 1, gw + 1, gw + 1);

            g.setColor(Color.BLACK);
            g.setFont(labelFont);
            for (int i = 0; i < n; i++) {
                String name = m.classes().get(i);
                int w = lm.stringWidth(name);
                g.drawString(name, left - 6 - w, top + i * cell + (cell + lm.getAscent() - lm.getDescent()) / 2);
                int cx = left + i * cell + cell / 2;
                if (rotate) {
                    AffineTransform saved = g.getTransform();
                    g.translate(cx + (lm.getAscent() - lm.getDescent()) / 2, top + gw + 6 + w);
                    g.rotate(-Math.PI / 2);
                    g.drawString(name, 0, 0);
                    g.setTransform(saved);
                } else {
                    g.drawString(name, cx - w / 2, top + gw + 6 + lm.getAscent());
                }
            }
            String xTitle = "predicted";
            g.drawString(xTitle, left + (gw - lm.stringWidth(xTitle)) / 2, height - 8);
            AffineTransform saved = g.getTransform();
            String yTitle = "true";
            g.translate(16, top + (gw + lm.stringWidth(yTitle)) / 2);
            g.rotate(-Math.PI / 2);
            g.drawString(yTitle, 0, 0);
            g.setTransform(saved);
        } finally {
            g.dispose();
        }
        return img;
    }
}
