package dev.cochlea.vision;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ColorMapTest {
    @Test
    void tablesMatchMatplotlib() {
        // matplotlib: (cmap(np.array([0, 100, 128, 200, 255]) / 255 ...) bytes of entries 0, 100, 128, 200, 255
        int[] idx = {0, 100, 128, 200, 255};
        int[] viridis = {0x440154, 0x2a768e, 0x20908c, 0x70ce56, 0xfde724};
        int[] magma = {0x000003, 0x892881, 0xb63679, 0xfd9768, 0xfbfcbf};
        for (int i = 0; i < idx.length; i++) {
            assertEquals(viridis[i], ColorMap.VIRIDIS.rgbAt(idx[i]), "viridis " + idx[i]);
            assertEquals(magma[i], ColorMap.MAGMA.rgbAt(idx[i]), "magma " + idx[i]);
        }
        assertEquals(0.267004f, ColorMap.VIRIDIS.component(0, 0));
        assertEquals(0.749504f, ColorMap.MAGMA.component(255, 2));
        assertEquals(0x808080, ColorMap.GRAY.rgbAt(128));
        assertEquals(256, ColorMap.VIRIDIS.size());
    }

    @Test
    void lookupLikeMatplotlib() {
        ColorMap cm = ColorMap.VIRIDIS;
        assertEquals(0, cm.index(0));
        assertEquals(0, cm.index(-3));
        assertEquals(0, cm.index(Double.NaN));
        assertEquals(255, cm.index(1));
        assertEquals(255, cm.index(7));
        assertEquals(128, cm.index(0.5));
        assertEquals(255, cm.index(0.999));
        assertEquals(1, cm.index(1.0 / 256));
        assertEquals(cm.rgbAt(128), cm.rgb(0.5));
    }

    @Test
    void byName() {
        assertSame(ColorMap.VIRIDIS, ColorMap.byName("Viridis"));
        assertSame(ColorMap.MAGMA, ColorMap.byName("magma"));
        assertSame(ColorMap.GRAY, ColorMap.byName("grayscale"));
        assertSame(ColorMap.GRAY, ColorMap.byName("grey"));
        assertThrows(IllegalArgumentException.class, () -> ColorMap.byName("jet"));
        assertThrows(IllegalArgumentException.class, () -> ColorMap.of("bad", new float[10]));
        assertEquals(0xFF0000, ColorMap.of("red", redTable()).rgbAt(17));
    }

    private static float[] redTable() {
        float[] t = new float[768];
        for (int i = 0; i < 256; i++) t[3 * i] = 1f;
        return t;
    }
}
