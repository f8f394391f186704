package dev.cochlea.optim;

import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code torch.nn.utils.clip_grad_norm_} values from PyTorch 1.13 on grads [3, -4, 1] and [[.5, -2], [1, 0]]. */
class GradClipTest {
    private static List<Tensor> params() {
        Tensor a = Tensor.zeros(3).requiresGrad(true), b = Tensor.zeros(2, 2).requiresGrad(true);
        Tensor none = Tensor.zeros(2).requiresGrad(true); // no gradient: skipped
        a.setGrad(Tensor.tensor(3f, -4f, 1f));
        b.setGrad(Tensor.of(new float[][] {{0.5f, -2f}, {1f, 0f}}));
        return List.of(a, b, none);
    }

    @Test // clip_grad_norm_(ps, 2.0)
    void euclidean() {
        List<Tensor> ps = params();
        assertEquals(5.590169906616211, GradClip.clipGradNorm(ps, 2.0), 1e-6);
        TensorAssert.assertClose(Tensor.tensor(1.073312520980835f, -1.43108332157135f, 0.3577708303928375f), ps.get(0).grad(), 1e-6, 0, "a");
        TensorAssert.assertClose(Tensor.of(new float[][] {{0.17888541519641876f, -0.715541660785675f}, {0.3577708303928375f, 0f}}),
                ps.get(1).grad(), 1e-6, 0, "b");
    }

    @Test // clip_grad_norm_(ps, 1.5, norm_type=inf)
    void maxNorm() {
        List<Tensor> ps = params();
        assertEquals(4.0, GradClip.clipGradNorm(ps, 1.5, Double.POSITIVE_INFINITY), 0);
        TensorAssert.assertClose(Tensor.tensor(1.124999761581421f, -1.4999996423721313f, 0.37499991059303284f), ps.get(0).grad(), 1e-6, 0, "a");
    }

    @Test // clip_grad_norm_(ps, 100, norm_type=3): below the limit, unchanged
    void belowLimitUnchanged() {
        List<Tensor> ps = params();
        assertEquals(4.65893030166626, GradClip.clipGradNorm(ps, 100, 3), 1e-5);
        TensorAssert.assertClose(Tensor.tensor(3f, -4f, 1f), ps.get(0).grad(), 0, 0, "a");
    }

    @Test
    void valueClipAndErrors() {
        List<Tensor> ps = params();
        GradClip.clipGradValue(ps, 1.0);
        TensorAssert.assertClose(Tensor.tensor(1f, -1f, 1f), ps.get(0).grad(), 0, 0, "clamped");
        assertEquals(0.0, GradClip.clipGradNorm(List.of(Tensor.zeros(1).requiresGrad(true)), 1.0));
        List<Tensor> bad = params();
        bad.get(0).grad().set(Float.NaN, 0);
        assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(bad, 1.0, 2.0, true));
        assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(params(), 1.0, -1.0));
    }
}
