package dev.cochlea.vision;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinePlotTest {
    @TempDir
    Path dir;

    @Test
    void rendersCurvesInTheirColours() {
        Tensor x = Tensor.linspace(-4, 4, 81);
        LinePlot plot = LinePlot.titled("t").labels("x", "y").size(400, 300).line("relu", x, x.relu()).line("sigmoid", x, x.sigmoid());
        BufferedImage img = plot.render();
        assertEquals(400, img.getWidth());
        assertEquals(300, img.getHeight());
        assertEquals(2, plot.lines());
        assertTrue(countColour(img, 0x1f77b4) > 50, "the first curve is drawn in the first palette colour");
        assertTrue(countColour(img, 0xff7f0e) > 50, "the second curve in the second");
    }

    @Test
    void settingsReturnNewPlots() {
        LinePlot empty = LinePlot.create();
        LinePlot one = empty.line("a", new double[] {0, 1}, new double[] {0, 1});
        assertEquals(0, empty.lines());
        assertEquals(1, one.lines());
        assertThrows(IllegalStateException.class, empty::render);
    }

    @Test
    void niceTicks() {
        assertEquals(List.of(-4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0), LinePlot.ticks(-4, 4));
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0), LinePlot.ticks(0, 1));
        assertEquals(List.of(0.0, 500.0, 1000.0, 1500.0, 2000.0), LinePlot.ticks(-10, 2300));
    }

    @Test
    void gapsRangesAndBadInput() {
        double[] y = {0, 1, Double.NaN, 3, 4};
        BufferedImage img = LinePlot.create().line("gap", new double[] {0, 1, 2, 3, 4}, y).xRange(0, 4).yRange(0, 4).render();
        assertTrue(countColour(img, 0x1f77b4) > 10);
        assertThrows(IllegalArgumentException.class, () -> LinePlot.create().line("bad", new double[] {0, 1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> LinePlot.create().xRange(1, 1));
        assertThrows(IllegalArgumentException.class, () -> LinePlot.create().size(10, 10));
        assertThrows(IllegalArgumentException.class, () -> LinePlot.create().line("2d", Tensor.zeros(2, 2), Tensor.zeros(2, 2)));
    }

    @Test
    void writesAPngAtomically() throws Exception {
        Path file = dir.resolve("plot.png");
        LinePlot.create().line("a", new float[] {0, 1, 2}, new float[] {1, 0, 1}).writePng(file);
        assertTrue(Images.isPng(file));
        LinePlot.create().line("b", new float[] {0, 1}, new float[] {0, 1}).writePng(file);   // replaces it
        assertTrue(Images.isPng(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> !p.equals(file)), "no temporary file is left behind");
        }
    }

    private static int countColour(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) n++;
        }
        return n;
    }
}
