package dev.cochlea.train.models;

import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Ensemble}: averaged probabilities, parameter names a ModuleList would give, and {@code +}-joined model names. */
class EnsembleTest {
    @Test
    void softmaxOfTheOutputIsTheMeanOfTheMembersProbabilities() {
        Tensor.manualSeed(1);
        Tensor x = Tensor.randn(4, 6);
        Ensemble e = new Ensemble(List.of(new Linear(6, 3), new Linear(6, 3), new Linear(6, 3)));
        float[] got = e.call(x).softmax(1).toFloatArray();
        float[] want = new float[12];
        for (int i = 0; i < 3; i++) {
            float[] p = e.member(i).call(x).softmax(1).toFloatArray();
            for (int k = 0; k < want.length; k++) want[k] += p[k] / 3;
        }
        assertArrayEquals(want, got, 1e-6f);
    }

    @Test
    void oneMemberIsThatMember() {
        Linear l = new Linear(5, 2);
        Tensor x = Tensor.randn(3, 5);
        assertArrayEquals(l.call(x).toFloatArray(), new Ensemble(List.of(l)).call(x).toFloatArray(), 0f);
    }

    @Test
    void confidentMembersDoNotOverflow() {
        Tensor a = Tensor.of(new float[] {1000, -1000}, 1, 2);
        Tensor b = Tensor.of(new float[] {-1000, 1000}, 1, 2);
        float[] out = Ensemble.combine(List.of(a, b)).softmax(1).toFloatArray();
        assertArrayEquals(new float[] {0.5f, 0.5f}, out, 1e-6f);
    }

    @Test
    void plusJoinedNamesMakeAnEnsembleWithModuleListNames() {
        Module m = Models.create("cnn+cifar", new int[] {1, 40, 63}, 10);
        Ensemble e = assertInstanceOf(Ensemble.class, m);
        assertEquals(2, e.size());
        assertInstanceOf(AudioCnn.class, e.member(0));
        assertInstanceOf(CifarQuick.class, e.member(1));
        assertTrue(m.stateDict().containsKey("members.0.features.0.weight"), m.stateDict().keySet().toString());
        assertTrue(m.stateDict().containsKey("members.1.model.0.weight"), m.stateDict().keySet().toString());
        assertEquals(Models.create("cnn", new int[] {1, 40, 63}, 10).parameterCount()
                + Models.create("cifar", new int[] {1, 40, 63}, 10).parameterCount(), m.parameterCount());
        assertArrayEquals(new int[] {2, 10}, m.call(Tensor.randn(2, 1, 40, 63)).shape());
    }

    @Test
    void badEnsembleNamesAreNamed() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Models.create("cnn+", new int[] {1, 40, 63}, 10));
        assertTrue(empty.getMessage().contains("model:") && empty.getMessage().contains("empty member"), empty.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Models.create("cnn+resnet50", new int[] {1, 40, 63}, 10));
        assertTrue(unknown.getMessage().contains("resnet50"), unknown.getMessage());
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                () -> Models.create("mlp+mlp+mlp+mlp+mlp+mlp+mlp+mlp+mlp", new int[] {1, 40, 63}, 10));
        assertTrue(many.getMessage().contains("at most 8"), many.getMessage());
    }
}
