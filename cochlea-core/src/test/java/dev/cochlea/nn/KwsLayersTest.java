package dev.cochlea.nn;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SiLU, Dropout2d and SubSpectralNorm beyond their PyTorch parity cases (KwsReferenceTest): reprs, modes, errors. */
class KwsLayersTest {
    @Test
    void reprsMatchPyTorch() {
        assertEquals("SiLU()", new SiLU().toString());
        assertEquals("Dropout2d(p=0.1, inplace=False)", new Dropout2d(0.1).toString());
        String ssn = new SubSpectralNorm(8, 5).toString();
        assertTrue(ssn.contains("8, sub_bands=5") && ssn.contains("(ssnorm): BatchNorm2d(40,"), ssn);
    }

    @Test
    void dropout2dZeroesWholeChannelsAndScalesTheRest() {
        Dropout2d drop = new Dropout2d(0.5).generator(new Generator(1));
        Tensor x = Tensor.ones(4, 16, 3, 5).requiresGrad(true);
        Tensor y = drop.forward(x);
        float[] v = y.toFloatArray();
        int zero = 0;
        for (int plane = 0; plane < 64; plane++) {
            float first = v[plane * 15];
            assertTrue(first == 0f || first == 2f, "value " + first);
            for (int i = 1; i < 15; i++) assertEquals(first, v[plane * 15 + i], "plane " + plane + " is not uniform");
            if (first == 0f) zero++;
        }
        assertTrue(zero > 16 && zero < 48, zero + " of 64 channels dropped");
        y.sum().backward();
        TensorAssert.assertClose(y.detach(), x.grad(), 0, 0, "the gradient carries the same mask and scale");
        drop.eval();
        Tensor z = Tensor.ones(2, 3, 4, 4);
        assertSame(z, drop.forward(z));
        assertThrows(IllegalArgumentException.class, () -> new Dropout2d(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Dropout2d(0.5).forward(Tensor.ones(4, 8)));
    }

    @Test
    void subSpectralNormChecksItsInput() {
        SubSpectralNorm ssn = new SubSpectralNorm(4, 5);
        assertEquals(20, ssn.ssnorm.numFeatures());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> ssn.forward(Tensor.randn(2, 3, 10, 6)));
        assertTrue(wrong.getMessage().contains("[N, 4, F, T]"), wrong.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> ssn.forward(Tensor.randn(2, 4, 3, 6)));
        assertTrue(small.getMessage().contains("at least the number of sub-bands 5"), small.getMessage());
    }

    @Test
    void subSpectralNormOfUnevenBandsNormalisesEachBand() {
        SubSpectralNorm ssn = new SubSpectralNorm(2, 5);
        Tensor y = ssn.forward(Tensor.randn(4, 2, 12, 9).mul(3f).add(1f));   // bands of 3, 3, 2, 2, 2 rows
        int[] starts = {0, 3, 6, 8, 10, 12};
        float[] v = y.toFloatArray();
        for (int c = 0; c < 2; c++) {
            for (int s = 0; s < 5; s++) {
                double sum = 0, sq = 0;
                int count = 0;
                for (int n = 0; n < 4; n++) {
                    for (int f = starts[s]; f < starts[s + 1]; f++) {
                        for (int t = 0; t < 9; t++) {
                            double e = v[((n * 2 + c) * 12 + f) * 9 + t];
                            sum += e;
                            sq += e * e;
                            count++;
                        }
                    }
                }
                double mean = sum / count;
                assertEquals(0, mean, 1e-4, "mean of channel " + c + " band " + s);
                assertEquals(1, sq / count - mean * mean, 1e-3, "variance of channel " + c + " band " + s);
            }
        }
        assertEquals(1L, ssn.ssnorm.numBatchesTracked.longStorage()[ssn.ssnorm.numBatchesTracked.offset()]);
    }
}
