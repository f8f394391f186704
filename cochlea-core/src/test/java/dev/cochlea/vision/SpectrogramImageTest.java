package dev.cochlea.vision;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpectrogramImageTest {
    @TempDir
    Path dir;

    @Test
    void lowRowsAtTheBottomAndMinMaxNormalisation() {
        // rows = frequency bins; row 0 (lowest) must be at the bottom of the picture.
        Tensor t = Tensor.of(new float[] {0, 0, 0, 5, 5, 5, 10, 10, 10}, 3, 3);
        BufferedImage img = SpectrogramImage.of(t).render();
        assertEquals(3, img.getWidth());
        assertEquals(3, img.getHeight());
        int rgbMask = 0xFFFFFF;
        assertEquals(ColorMap.VIRIDIS.rgbAt(0), img.getRGB(1, 2) & rgbMask, "min at the bottom");
        assertEquals(ColorMap.VIRIDIS.rgbAt(255), img.getRGB(1, 0) & rgbMask, "max at the top");
        assertEquals(ColorMap.VIRIDIS.rgbAt(128), img.getRGB(1, 1) & rgbMask, "middle value");
    }

    @Test
    void givenRangeColourMapScaleAndLeadingChannel() {
        Tensor t = Tensor.of(new float[] {-100, -40, 0, 20}, 1, 1, 4);
        BufferedImage img = SpectrogramImage.of(t).colorMap(ColorMap.GRAY).range(-80, 0).scale(3, 2).render();
        assertEquals(12, img.getWidth());
        assertEquals(2, img.getHeight());
        assertEquals(0x000000, img.getRGB(0, 0) & 0xFFFFFF, "below the range: first colour");
        assertEquals(0x808080, img.getRGB(4, 1) & 0xFFFFFF, "middle of the range");
        assertEquals(0xFFFFFF, img.getRGB(11, 0) & 0xFFFFFF, "above the range: last colour");
        assertArrayEquals(new double[] {-80, 0}, SpectrogramImage.of(t).range(-80, 0).effectiveRange());
        assertArrayEquals(new double[] {-100, 20}, SpectrogramImage.of(t).effectiveRange());
        assertThrows(IllegalArgumentException.class, () -> SpectrogramImage.of(Tensor.zeros(2, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> SpectrogramImage.of(t).range(1, 1));
    }

    @Test
    void axesAddMarginsAndPlotIsInside() throws IOException {
        Tensor t = Tensor.rand(129, 63);
        SpectrogramImage s = SpectrogramImage.of(t).colorMap(ColorMap.MAGMA).axes(8000, 128).title("test");
        BufferedImage img = s.render();
        assertTrue(img.getWidth() > 63 * 8, "scaled up with margins: " + img.getWidth());
        assertTrue(img.getHeight() > 129 * 2, "scaled up with margins: " + img.getHeight());
        assertEquals(0xFFFFFF, img.getRGB(0, 0) & 0xFFFFFF, "white margin");
        BufferedImage mel = SpectrogramImage.of(Tensor.rand(40, 63)).melAxes(128.0 / 8000, 0, 4000).render();
        assertTrue(mel.getWidth() > 63);
        Path f = dir.resolve("spec.png");
        s.writePng(f, false);
        assertTrue(Images.isPng(f));
        BufferedImage back = Images.read(f);
        assertEquals(img.getWidth(), back.getWidth());
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> s.writePng(f, false));
    }

    @Test
    void niceSteps() {
        assertEquals(0.2, SpectrogramImage.niceStep(1.0, 5), 1e-12);
        assertEquals(1000, SpectrogramImage.niceStep(4000, 5), 1e-9);
        assertEquals(500, SpectrogramImage.niceStep(4000, 8), 1e-9);
    }
}
