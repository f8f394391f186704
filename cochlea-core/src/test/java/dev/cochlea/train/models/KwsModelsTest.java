package dev.cochlea.train.models;

import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.Dropout2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.functional.F;
import dev.cochlea.optim.Adam;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keyword-spotting models of {@link Models}: output shapes for two input sizes, training on a tiny batch. */
class KwsModelsTest {
    private static final List<String> KWS = List.of("bcresnet-1", "bcresnet-1.5", "bcresnet-2", "bcresnet-3", "bcresnet-6",
            "bcresnet-8", "tcresnet8", "tcresnet14", "tcresnet8-1.5", "tcresnet14-1.5");

    @Test
    void everyKwsModelIsRegistered() {
        assertTrue(Models.NAMES.containsAll(KWS), Models.NAMES.toString());
    }

    @Test
    void logitsForTheDefaultAndALargerInput() {
        for (String name : KWS) {
            // 64 bands: BC-ResNet's sub-spectral norms see 32, 16 and 8 rows, none a multiple of 5
            for (int[] in : new int[][] {{1, 40, 63}, {1, 64, 101}}) {
                Module m = Models.create(name, in, 7);
                Tensor x = Tensor.randn(3, in[0], in[1], in[2]);
                assertArrayEquals(new int[] {3, 7}, m.forward(x).shape(), name + " train mode, input " + in[1] + "x" + in[2]);
                m.eval();
                assertArrayEquals(new int[] {3, 7}, m.forward(x).shape(), name + " eval mode, input " + in[1] + "x" + in[2]);
            }
        }
    }

    @Test
    void parameterCounts() {
        // The BC-ResNet paper: 9.2k (τ = 1) and 54k (τ = 3) parameters; TC-ResNet8 66k in its paper (12 classes, 40 MFCCs).
        assertEquals(9166, Models.create("bcresnet-1", new int[] {1, 40, 63}, 10).parameterCount());
        assertEquals(53974, Models.create("bcresnet-3", new int[] {1, 40, 63}, 10).parameterCount());
        assertEquals(65050, Models.create("tcresnet8", new int[] {1, 40, 63}, 10).parameterCount());
    }

    @Test
    void bcResNetNeedsEnoughBands() {
        Module m = Models.create("bcresnet-1", new int[] {1, 24, 63}, 10);
        RuntimeException e = assertThrows(RuntimeException.class, () -> m.forward(Tensor.randn(2, 1, 24, 63)));
        assertTrue(e.getMessage().contains("sub-bands"), e.getMessage());
    }

    @Test
    void lossFallsOnATinyBatch() {
        for (String name : List.of("bcresnet-1", "tcresnet8", "tcresnet14")) {
            Tensor.manualSeed(3);
            Module m = Models.create(name, new int[] {1, 40, 63}, 4);
            m.train();
            for (Module sub : m.modules()) {
                if (sub instanceof Dropout || sub instanceof Dropout2d) sub.eval();
            }
            Tensor x = Tensor.randn(8, 1, 40, 63);
            Tensor y = Tensor.ofLongs(new long[] {0, 1, 2, 3, 0, 1, 2, 3}, 8);
            Adam opt = new Adam(m.parameters(), Adam.options().lr(1e-2));
            float first = 0, last = 0;
            for (int step = 0; step < 12; step++) {
                opt.zeroGrad();
                Tensor loss = F.crossEntropy(m.forward(x), y);
                loss.backward();
                opt.step();
                if (step == 0) first = loss.item();
                last = loss.item();
            }
            assertTrue(last < 0.7f * first, name + ": loss " + first + " -> " + last);
        }
    }
}
