package dev.cochlea.vision;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagesTest {
    @TempDir
    Path dir;

    /** Values k / 255 survive toImage / toTensor exactly. */
    private static Tensor bytesTensor(int c, int h, int w) {
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) v[i] = ((i * 37) % 256) / 255f;
        return Tensor.of(v, c, h, w);
    }

    @Test
    void rgbRoundTripThroughPng() throws IOException {
        Tensor x = bytesTensor(3, 5, 7);
        BufferedImage img = Images.toImage(x);
        assertEquals(7, img.getWidth());
        assertEquals(5, img.getHeight());
        // pixel (x=2, y=1) holds channel values of index [c, 1, 2]
        int p = img.getRGB(2, 1);
        assertEquals(Math.round(x.get(0, 1, 2) * 255), (p >> 16) & 0xFF);
        assertEquals(Math.round(x.get(2, 1, 2) * 255), p & 0xFF);
        Path f = dir.resolve("rgb.png");
        Images.writePng(img, f);
        assertTrue(Images.isPng(f));
        Tensor back = Images.toTensor(Images.read(f));
        assertArrayEquals(new int[] {3, 5, 7}, back.shape());
        assertArrayEquals(x.toFloatArray(), back.toFloatArray());
    }

    @Test
    void greyAndRgba() throws IOException {
        Tensor g = bytesTensor(1, 4, 6);
        BufferedImage gi = Images.toImage(g);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, gi.getType());
        Path f = dir.resolve("g.png");
        Images.writePng(gi, f);
        Tensor gb = Images.toTensor(Images.read(f));
        assertArrayEquals(new int[] {1, 4, 6}, gb.shape());
        assertArrayEquals(g.toFloatArray(), gb.toFloatArray());
        // [H, W] is grey too
        assertArrayEquals(g.toFloatArray(), Images.toTensor(Images.toImage(g.reshape(4, 6))).toFloatArray());

        Tensor a = bytesTensor(4, 3, 3);
        Tensor ab = Images.toTensor(Images.toImage(a));
        assertArrayEquals(new int[] {4, 3, 3}, ab.shape());
        assertArrayEquals(a.narrow(0, 3, 1).contiguous().toFloatArray(), ab.narrow(0, 3, 1).contiguous().toFloatArray());
    }

    @Test
    void valuesAreTruncatedAndClippedLikeToPilImage() {
        Tensor x = Tensor.of(new float[] {-0.5f, 0f, 0.5f, 0.999f, 1f, 2f, Float.NaN, 1f / 255}, 1, 1, 8);
        BufferedImage img = Images.toImage(x);
        int[] expected = {0, 0, 127, 254, 255, 255, 0, 1};
        for (int i = 0; i < 8; i++) assertEquals(expected[i], img.getRaster().getSample(i, 0, 0), "pixel " + i);
        assertThrows(IllegalArgumentException.class, () -> Images.toImage(Tensor.zeros(2, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> Images.toImage(Tensor.zeros(3)));
    }

    @Test
    void writeRefusesToOverwriteWhenAskedAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("a.png");
        BufferedImage img = Images.toImage(bytesTensor(3, 2, 2));
        Images.writePng(img, f, false);
        assertThrows(FileAlreadyExistsException.class, () -> Images.writePng(img, f, false));
        Images.writePng(img, f, true);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }
}
