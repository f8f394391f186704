package dev.cochlea.nn;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.io.Safetensors;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {
    /** features = Sequential(Conv, BN, ReLU), head = Linear: names like PyTorch's features.1.running_mean. */
    static final class Small extends Module {
        final Sequential features = registerModule("features",
                new Sequential(new Conv2d(1, 4, 3, Conv2d.options().padding(1)), new BatchNorm2d(4), new ReLU(), new Dropout(0.5)));
        final Linear head = registerModule("head", new Linear(4, 2));

        @Override
        public Tensor forward(Tensor x) {
            return head.call(features.call(x).mean(new int[] {2, 3}, false));
        }
    }

    @Test
    void namedParametersUseDottedNamesInRegistrationOrder() {
        Small m = new Small();
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "head.weight", "head.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked"),
                List.copyOf(m.namedBuffers().keySet()));
        assertEquals(List.of("", "features", "features.0", "features.1", "features.2", "features.3", "head"),
                List.copyOf(m.namedModules().keySet()));
        assertEquals(2, m.children().size());
        for (Tensor p : m.parameters()) {
            assertTrue(p.requiresGrad());
            assertTrue(p.isLeaf());
        }
        assertEquals(4 * 9 + 4 + 4 + 4 + 8 + 2, m.parameterCount());
    }

    @Test
    void stateDictHasParamsThenBuffersPerModuleWithInt64Counter() {
        Small m = new Small();
        Map<String, Tensor> sd = m.stateDict();
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias",
                "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked", "head.weight", "head.bias"),
                List.copyOf(sd.keySet()));
        Tensor nbt = sd.get("features.1.num_batches_tracked");
        assertEquals(DType.INT64, nbt.dtype());
        assertEquals(0, nbt.dim());
        m.forward(Tensor.randn(2, 1, 5, 5));
        m.forward(Tensor.randn(2, 1, 5, 5));
        assertEquals(2, nbt.getLong());
    }

    @Test
    void sharedParametersAreListedOnce() {
        Linear shared = new Linear(3, 3);
        Sequential s = new Sequential(shared, new ReLU(), shared);
        assertEquals(2, s.parameters().size());
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(s.namedParameters().keySet()));
        assertEquals(12, s.parameterCount());
    }

    @Test
    void trainEvalReachesEveryDescendant() {
        Small m = new Small();
        assertTrue(m.isTraining());
        m.eval();
        for (Module c : m.modules()) assertFalse(c.isTraining(), c.name());
        m.train();
        for (Module c : m.modules()) assertTrue(c.isTraining(), c.name());
        m.train(false);
        assertFalse(m.features.get(3).isTraining());
    }

    @Test
    void applyVisitsChildrenFirstAndZeroGradClears() {
        Small m = new Small();
        List<String> seen = new ArrayList<>();
        m.apply(mod -> seen.add(mod.name()));
        assertEquals(List.of("Conv2d", "BatchNorm2d", "ReLU", "Dropout", "Sequential", "Linear", "Small"), seen);
        m.forward(Tensor.randn(2, 1, 4, 4)).sum().backward();
        for (Tensor p : m.parameters()) assertTrue(p.grad() != null);
        m.zeroGrad();
        for (Tensor p : m.parameters()) assertNull(p.grad());
    }

    @Test
    void sequentialAccessors() {
        Sequential s = new Sequential(new Linear(4, 3), new ReLU());
        s.add(new Linear(3, 1));
        assertEquals(3, s.size());
        assertSame(s.get(2), s.get(-1));
        assertEquals("Linear", s.get(0).name());
        int n = 0;
        for (Module ignored : s) n++;
        assertEquals(3, n);
        assertArrayEquals(new int[] {5, 1}, s.forward(Tensor.randn(5, 4)).shape());
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(3));
        ModuleList list = new ModuleList(new Linear(2, 2), new Linear(2, 2));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(list.namedParameters().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> list.forward(Tensor.zeros(1, 2)));
    }

    @Test
    void loadStateDictCopiesInPlace() {
        Small a = new Small(), b = new Small();
        Tensor bWeight = b.head.weight;
        b.loadStateDict(a.stateDict());
        assertSame(bWeight, b.head.weight, "parameters are updated in place");
        assertArrayEquals(a.head.weight.toFloatArray(), b.head.weight.toFloatArray());
        assertTrue(b.head.weight.requiresGrad());
        assertTrue(b.head.weight.isLeaf());
    }

    @Test
    void strictLoadReportsMissingUnexpectedAndShapes() {
        Small m = new Small();
        Map<String, Tensor> sd = new LinkedHashMap<>(m.stateDict());
        sd.remove("head.bias");
        sd.put("head.extra", Tensor.zeros(1));
        sd.put("features.0.weight", Tensor.zeros(4, 1, 5, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(sd, true));
        String msg = e.getMessage();
        assertTrue(msg.contains("Error(s) in loading state_dict for Small"), msg);
        assertTrue(msg.contains("Missing key(s) in state_dict: \"head.bias\""), msg);
        assertTrue(msg.contains("Unexpected key(s) in state_dict: \"head.extra\""), msg);
        assertTrue(msg.contains("size mismatch for features.0.weight: copying a param with shape [4, 1, 5, 5] from checkpoint, "
                + "the shape in current model is [4, 1, 3, 3]"), msg);

        // non-strict: missing/unexpected allowed, shapes still checked
        sd.put("features.0.weight", Tensor.zeros(4, 1, 3, 3));
        List<String> missing = m.loadStateDict(sd, false);
        assertEquals(List.of("head.bias"), missing);
        assertEquals(0f, m.features.get(0).getParameter("weight").abs().sum().item());
    }

    @Test
    void saveAndLoadRoundTripThroughSafetensors(@TempDir Path dir) throws Exception {
        Small a = new Small();
        a.forward(Tensor.randn(3, 1, 4, 4)); // moves running stats and the batch counter
        Path file = dir.resolve("small.safetensors");
        a.save(file);
        Map<String, Tensor> raw = Safetensors.load(file);
        assertEquals(a.stateDict().keySet(), raw.keySet(), "PyTorch names in the file");
        assertEquals(DType.INT64, raw.get("features.1.num_batches_tracked").dtype());

        Small b = new Small();
        b.load(file);
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
            Tensor other = b.stateDict().get(e.getKey());
            if (e.getValue().dtype() == DType.INT64) {
                assertArrayEquals(e.getValue().toLongArray(), other.toLongArray(), e.getKey());
            } else {
                assertArrayEquals(e.getValue().toFloatArray(), other.toFloatArray(), e.getKey());
            }
        }
        a.eval();
        b.eval();
        Tensor x = Tensor.randn(2, 1, 4, 4);
        try (NoGrad ignored = NoGrad.enter()) {
            assertArrayEquals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray());
        }
    }

    @Test
    void hooksSeeEveryCallAndCanBeRemoved() {
        Sequential s = new Sequential(new Linear(4, 3), new ReLU());
        List<int[]> shapes = new ArrayList<>();
        Module.HookHandle h = s.get(0).registerForwardHook((mod, in, out) -> shapes.add(out.shape()));
        s.forward(Tensor.zeros(2, 4));
        assertEquals(1, shapes.size());
        assertArrayEquals(new int[] {2, 3}, shapes.get(0));
        h.remove();
        s.forward(Tensor.zeros(2, 4));
        assertEquals(1, shapes.size());
    }

    @Test
    void preHooksRunBeforeForwardWithTheInputsAndCanBeRemoved() {
        Sequential s = new Sequential(new Linear(4, 3), new ReLU());
        List<String> events = new ArrayList<>();
        Module.HookHandle pre = s.get(1).registerForwardPreHook((mod, in) -> events.add("pre " + mod.name() + " " + in[0].size(1)));
        Module.HookHandle post = s.get(1).registerForwardHook((mod, in, out) -> events.add("post " + mod.name()));
        s.forward(Tensor.zeros(2, 4));
        assertEquals(List.of("pre ReLU 3", "post ReLU"), events);
        pre.remove();
        post.close();
        s.forward(Tensor.zeros(2, 4));
        assertEquals(2, events.size());
    }

    @Test
    void registrationRejectsDottedNamesAndNonLeaves() {
        assertThrows(IllegalArgumentException.class, () -> new Module() {
            {
                registerParameter("a.b", Tensor.zeros(1));
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        });
        Tensor leaf = Tensor.zeros(2).requiresGrad(true);
        Tensor nonLeaf = leaf.mul(2f);
        assertThrows(IllegalArgumentException.class, () -> new Module() {
            {
                registerParameter("w", nonLeaf);
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        });
    }

    @Test
    void pythonFloatFormatting() {
        assertEquals("1e-05", Repr.pyFloat(1e-5));
        assertEquals("0.1", Repr.pyFloat(0.1));
        assertEquals("1.0", Repr.pyFloat(1.0));
        assertEquals("0.0001", Repr.pyFloat(1e-4));
        assertEquals("0.001", Repr.pyFloat(0.001));
        assertEquals("2.5e-07", Repr.pyFloat(2.5e-7));
        assertEquals("(5,)", Repr.tuple(new int[] {5}));
    }
}
