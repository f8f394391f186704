package dev.cochlea.autograd;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AutogradTest {

    @Test
    void gradientsAccumulateAcrossUsesAndCalls() {
        Tensor x = Tensor.tensor(1f, 2f, 3f).requiresGrad(true);
        Tensor y = x.mul(x).add(x).sum(); // d/dx = 2x + 1
        y.backward();
        assertArrayEquals(new float[] {3, 5, 7}, x.grad().toFloatArray());
        x.mul(2f).sum().backward();
        assertArrayEquals(new float[] {5, 7, 9}, x.grad().toFloatArray());
    }

    @Test
    void gradientsTakenOverWithoutCopyNeverAlias() {
        // A fresh gradient (from the matmul's backward) becomes the leaf's grad without a copy ...
        Tensor w = Tensor.randn(4, 3).requiresGrad(true);
        Tensor x = Tensor.randn(2, 4);
        x.matmul(w).sum().backward();
        Tensor expected = x.t().matmul(Tensor.ones(2, 3));
        assertArrayEquals(expected.toFloatArray(), w.grad().toFloatArray(), 1e-6f);

        // ... but a gradient passed through to two leaves is copied for each: in-place changes stay apart.
        Tensor a = Tensor.randn(5).requiresGrad(true);
        Tensor b = Tensor.randn(5).requiresGrad(true);
        a.add(b).mul(2f).sum().backward();
        a.grad().mulInPlace(10f);
        assertArrayEquals(new float[] {2, 2, 2, 2, 2}, b.grad().toFloatArray());

        // The same leaf twice, and a pass-through gradient that is also pending elsewhere.
        Tensor c = Tensor.tensor(1f, 2f).requiresGrad(true);
        Tensor h = c.mul(3f);
        h.add(c).add(h.mul(c)).sum().backward(); // d/dc = 3 + 1 + 2 * 3c
        assertArrayEquals(new float[] {10, 16}, c.grad().toFloatArray(), 1e-6f);

        // A caller's gradient is never adopted, even when it reaches a leaf unchanged.
        Tensor d = Tensor.randn(3).requiresGrad(true);
        Tensor g = Tensor.tensor(1f, 2f, 3f);
        d.reshape(3, 1).backward(g.reshape(3, 1));
        d.grad().mulInPlace(0f);
        assertArrayEquals(new float[] {1, 2, 3}, g.toFloatArray());
    }

    @Test
    void diamondGraphIsWalkedInTopologicalOrder() {
        Tensor x = Tensor.scalar(3f).requiresGrad(true);
        Tensor a = x.mul(2f);
        Tensor b = a.exp().mul(0f).add(a.mul(a)); // b = a^2 (via two paths through a)
        Tensor c = b.add(a);
        c.backward();
        // dc/dx = (2a + 1) * 2 = (12 + 1) * 2
        assertEquals(26f, x.grad().item(), 1e-5);
    }

    @Test
    void backwardWithExplicitGradient() {
        Tensor x = Tensor.tensor(1f, 2f).requiresGrad(true);
        Tensor y = x.mul(3f);
        y.backward(Tensor.tensor(1f, 10f));
        assertArrayEquals(new float[] {3, 30}, x.grad().toFloatArray());
    }

    @Test
    void nonScalarBackwardNeedsAGradient() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul(2f).backward());
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
    }

    @Test
    void detachAndNoGradStopRecording() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        assertFalse(x.detach().mul(2f).requiresGrad());
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor y = x.mul(2f);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
            try (NoGrad again = NoGrad.enableGrad()) {
                assertTrue(x.mul(2f).requiresGrad());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void graphIsReleasedAfterBackward() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        Tensor y = x.mul(2f).sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
        assertEquals(0, y.gradFn().inputs().length);
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = Tensor.ones(3).requiresGrad(true);
        Tensor y = x.mul(2f).sum();
        y.backward(Tensor.scalar(1f), true);
        y.backward(Tensor.scalar(1f), true);
        assertArrayEquals(new float[] {4, 4, 4}, x.grad().toFloatArray());
    }

    @Test
    void retainGradKeepsIntermediateGradients() {
        Tensor x = Tensor.tensor(1f, 2f).requiresGrad(true);
        Tensor h = x.mul(3f).retainGrad();
        h.square().sum().backward();
        assertArrayEquals(new float[] {6, 12}, h.grad().toFloatArray());
        assertArrayEquals(new float[] {18, 36}, x.grad().toFloatArray());
    }

    @Test
    void inPlaceOnALeafThatRequiresGradIsRefused() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.addInPlace(Tensor.ones(2)));
        assertTrue(e.getMessage().contains("in-place"), e.getMessage());
        try (NoGrad ignored = NoGrad.enter()) {
            w.addInPlace(Tensor.ones(2), -0.5f);
        }
        assertArrayEquals(new float[] {0.5f, 0.5f}, w.toFloatArray());
    }

    @Test
    void gradientDescentByHand() {
        Tensor w = Tensor.tensor(5f).requiresGrad(true);
        for (int i = 0; i < 100; i++) {
            Tensor loss = w.sub(2f).square().sum();
            loss.backward();
            try (NoGrad ignored = NoGrad.enter()) {
                w.addInPlace(w.grad(), -0.1f);
            }
            w.setGrad(null);
        }
        assertEquals(2f, w.item(), 1e-4);
    }

    @Test
    void gradFnNamesAndLeafState() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor y = x.mul(2f).sum();
        assertTrue(x.isLeaf());
        assertFalse(y.isLeaf());
        assertEquals("SumBackward", y.gradFn().name());
        assertTrue(y.toString().contains("grad_fn=<SumBackward>"), y.toString());
        assertTrue(x.toString().contains("requires_grad=True"), x.toString());
    }

    @Test
    void intTensorsCannotRequireGrad() {
        assertThrows(IllegalStateException.class, () -> Tensor.ofLongs(new long[] {1}, 1).requiresGrad(true));
    }
}
