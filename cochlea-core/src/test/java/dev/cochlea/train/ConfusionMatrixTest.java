package dev.cochlea.train;

import dev.cochlea.tensor.Tensor;
import dev.cochlea.vision.ColorMap;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfusionMatrixTest {

    /** scikit-learn's classification_report example: y_true [0, 1, 2, 2, 2], y_pred [0, 0, 2, 2, 1]. */
    static ConfusionMatrix sklearnExample() {
        return new ConfusionMatrix(List.of("class 0", "class 1", "class 2"))
                .add(new long[] {0, 1, 2, 2, 2}, new long[] {0, 0, 2, 2, 1});
    }

    @Test
    void countsPairs() {
        ConfusionMatrix m = sklearnExample();
        assertArrayEquals(new long[][] {{1, 0, 0}, {1, 0, 0}, {0, 1, 2}}, m.counts());
        assertEquals(5, m.total());
        assertEquals(3, m.support(2));
        assertEquals(2, m.predicted(0));
        assertEquals(0.6, m.accuracy(), 1e-12);
    }

    @Test
    void fromLogitsAndTargets() {
        Tensor logits = Tensor.of(new float[][] {{2, 1, 0}, {0, 3, 1}, {0, 0, 5}, {1, 0, 0}});
        Tensor targets = Tensor.ofLongs(new long[] {0, 2, 2, 1}, 4);
        ConfusionMatrix m = ConfusionMatrix.ofSize(3).add(logits, targets);
        // predictions 0, 1, 2, 0
        assertArrayEquals(new long[][] {{1, 0, 0}, {1, 0, 0}, {0, 1, 1}}, m.counts());
        assertEquals(0.5, m.accuracy(), 1e-12);
        assertEquals(List.of("0", "1", "2"), m.classes());

        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> m.add(Tensor.zeros(4, 2), targets));
        assertTrue(shape.getMessage().contains("[batch, 3]") && shape.getMessage().contains("[4, 2]"), shape.getMessage());
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> m.add(logits, Tensor.of(new float[] {0, 2, 2, 1}, 4)));
        assertTrue(dtype.getMessage().contains("int64"), dtype.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> m.add(3, 0));
        assertTrue(range.getMessage().contains("[0, 2]") && range.getMessage().contains("got 3"), range.getMessage());
    }

    @Test
    void emptyMatrix() {
        ConfusionMatrix m = ConfusionMatrix.ofSize(2);
        assertEquals(0, m.accuracy());
        assertEquals(0, m.total());
    }

    @Test
    void textTable() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("yes", "no")).add(0, 0).add(0, 0).add(0, 1).add(1, 1);
        String expected = ""
                + "true \\ predicted  yes  no\n"
                + "yes                 2   1\n"
                + "no                  0   1\n";
        assertEquals(expected, m.toText());
    }

    @Test
    void jsonReadyMap() {
        Map<String, Object> m = sklearnExample().toMap();
        assertEquals(List.of("class 0", "class 1", "class 2"), m.get("classes"));
        assertEquals(List.of(List.of(1L, 0L, 0L), List.of(1L, 0L, 0L), List.of(0L, 1L, 2L)), m.get("matrix"));
    }

    @Test
    void heatMapImage() {
        ConfusionMatrix m = sklearnExample();
        BufferedImage img = m.toImage();
        assertTrue(img.getWidth() >= 3 * 12 && img.getHeight() >= 3 * 12);
        boolean full = false, empty = false;
        int fullRgb = ColorMap.VIRIDIS.rgb(1.0), emptyRgb = ColorMap.VIRIDIS.rgb(0.0);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                full |= rgb == fullRgb;
                empty |= rgb == emptyRgb;
            }
        }
        assertTrue(full, "row 0 is all on the diagonal: a cell of share 1");
        assertTrue(empty, "cells of share 0");
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.ofSize(201).toImage());
    }
}
