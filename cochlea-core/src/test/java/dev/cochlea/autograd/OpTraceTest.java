package dev.cochlea.autograd;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

class OpTraceTest {

    @Test
    void reportsEachRecordedOpWithItsNodeAndOutput() {
        Tensor x = Tensor.tensor(1f, 2f, 3f).requiresGrad(true);
        List<String> names = new ArrayList<>();
        List<Tensor> outputs = new ArrayList<>();
        Tensor y;
        try (OpTrace ignored = OpTrace.open((node, out) -> {
            names.add(node.name());
            outputs.add(out);
            assertSame(node, out.gradFn());
        })) {
            assertTrue(OpTrace.isActive());
            y = x.mul(2f).sum();
        }
        assertFalse(OpTrace.isActive());
        assertEquals(List.of("MulBackward", "SumBackward"), names);
        assertSame(y, outputs.get(1));
        assertSame(outputs.get(0), y.gradFn().inputs()[0]);
        x.mul(3f);   // closed: not reported
        assertEquals(2, names.size());
    }

    @Test
    void seesOnlyWhatAutogradRecords() {
        Tensor constant = Tensor.tensor(1f, 2f);
        Tensor leaf = Tensor.tensor(1f, 2f).requiresGrad(true);
        List<String> names = new ArrayList<>();
        try (OpTrace ignored = OpTrace.open((node, out) -> names.add(node.name()))) {
            constant.mul(2f);                       // nothing needs grad
            try (NoGrad g = NoGrad.enter()) {
                leaf.mul(2f);                       // grad mode off
            }
            leaf.neg();
        }
        assertEquals(List.of("NegBackward"), names);
    }

    @Test
    void anInnerTraceTakesOverUntilItCloses() {
        Tensor x = Tensor.tensor(1f).requiresGrad(true);
        List<String> outer = new ArrayList<>(), inner = new ArrayList<>();
        try (OpTrace a = OpTrace.open((node, out) -> outer.add(node.name()))) {
            x.neg();
            try (OpTrace b = OpTrace.open((node, out) -> inner.add(node.name()))) {
                x.exp();
            }
            x.sum();
        }
        assertEquals(List.of("NegBackward", "SumBackward"), outer);
        assertEquals(List.of("ExpBackward"), inner);
    }

    @Test
    void otherThreadsAreNotReportedAndCannotClose() throws Exception {
        Tensor x = Tensor.tensor(1f).requiresGrad(true);
        List<String> names = new ArrayList<>();
        AtomicReference<Throwable> closeError = new AtomicReference<>();
        try (OpTrace trace = OpTrace.open((node, out) -> names.add(node.name()))) {
            Thread t = new Thread(() -> {
                x.neg();
                try {
                    trace.close();
                } catch (IllegalStateException e) {
                    closeError.set(e);
                }
            });
            t.start();
            t.join();
        }
        assertEquals(List.of(), names);
        assertNotNull(closeError.get());
        assertTrue(closeError.get().getMessage().contains("thread that opened it"), closeError.get().getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpTrace.open(null));
        assertEquals("OpTrace.open: the listener is null", e.getMessage());
    }
}
