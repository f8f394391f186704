package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The vector 2 × 2 max pooling against PyTorch's scan (first maximum wins, NaN propagates), ties and NaN included. */
@DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar",
        disabledReason = "names the implementations it tests; the provider's choice does not change it")
class VectorPoolingTest {

    @Test
    void matchesTheScalarScanWithTiesNaNAndInfinities() {
        Random r = new Random(4);
        int[][] sizes = {{32, 32}, {16, 16}, {4, 64}, {8, 16}, {40, 63}, {21, 35}, {6, 50}, {20, 31}, {10, 15}, {5, 3}, {8, 8}, {16, 8}, {12, 8}, {17, 9}};
        for (int[] sz : sizes) {
            int ih = sz[0], iw = sz[1], oh = ih / 2, ow = iw / 2; // floor mode: an odd last row or column is left out
            Im2col.Geometry g = Im2col.Geometry.of(new int[] {ih, iw}, new int[] {oh, ow}, new int[] {2, 2},
                    new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1});
            for (int trial = 0; trial < 4; trial++) {
                float[] in = new float[3 + ih * iw];
                for (int i = 0; i < in.length; i++) in[i] = trial == 0 ? (float) r.nextGaussian() : r.nextInt(3) - 1f;
                if (trial >= 2) {
                    for (int i = 0; i < 12; i++) {
                        in[3 + r.nextInt(ih * iw)] = switch (i % 4) {
                            case 0 -> Float.NaN;
                            case 1 -> Float.POSITIVE_INFINITY;
                            case 2 -> Float.NEGATIVE_INFINITY;
                            default -> -0f;
                        };
                    }
                }
                float[] out = new float[2 + oh * ow];
                int[] idx = new int[1 + oh * ow];
                boolean done = VectorPooling.INSTANCE.forward(g, in, 3, 100, out, 2, idx, 1);
                assertEquals(VectorGemm.L == 16, done, "applies to " + ih + "x" + iw);
                if (!done) continue;
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        float max = Float.NEGATIVE_INFINITY;
                        int best = 2 * y * iw + 2 * x;
                        for (int h = 2 * y; h < 2 * y + 2; h++) {
                            for (int w = 2 * x; w < 2 * x + 2; w++) {
                                float v = in[3 + h * iw + w];
                                if (v > max || v != v) {
                                    max = v;
                                    best = h * iw + w;
                                }
                            }
                        }
                        int o = y * ow + x;
                        String at = ih + "x" + iw + " trial " + trial + " at " + y + "," + x;
                        assertEquals(Float.floatToIntBits(max), Float.floatToIntBits(out[2 + o]), at);
                        assertEquals(100 + best, idx[1 + o], at);
                    }
                }
                // The backward writes each output gradient where its index points and zero elsewhere.
                float[] gOut = new float[3 + oh * ow];
                for (int i = 0; i < gOut.length; i++) gOut[i] = r.nextFloat() + 0.5f;
                int[] local = new int[oh * ow];
                for (int i = 0; i < local.length; i++) local[i] = idx[1 + i] - 100;
                float[] gIn = new float[4 + ih * iw];
                gIn[3] = Float.NaN; // outside the plane: must stay untouched
                assertTrue(VectorPooling.INSTANCE.backward(g, gOut, 3, local, 0, gIn, 4));
                float[] expected = new float[ih * iw];
                for (int o = 0; o < oh * ow; o++) expected[local[o]] += gOut[3 + o];
                for (int i = 0; i < ih * iw; i++) assertEquals(expected[i], gIn[4 + i], 0f, "backward at " + i);
                assertTrue(Float.isNaN(gIn[3]));
            }
        }
        // Not 2 × 2 / stride 2 without padding: left to the scalar code.
        Im2col.Geometry padded = Im2col.Geometry.of(new int[] {8, 8}, new int[] {5, 5}, new int[] {2, 2},
                new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1});
        assertFalse(VectorPooling.INSTANCE.forward(padded, new float[64], 0, 0, new float[25], 0, null, 0));
    }
}
