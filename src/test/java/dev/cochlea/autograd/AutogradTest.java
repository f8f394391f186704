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
