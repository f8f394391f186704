package dev.cochlea.nn;

import dev.cochlea.testing.Golden;
import dev.cochlea.testing.TensorAssert;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.autograd.NoGrad;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The CIFAR-10 "quick" model against PyTorch: golden cases {@code cifar_quick_grad} (loss and every
 * parameter gradient of {@code F.cross_entropy(model(input), target).backward()} from fixed weights,
 * reference/make_golden.py) and
 * {@code cifar_quick_ones_shape} ({@code model(torch.ones(64, 3, 32, 32)).shape}).
 */
class CifarQuickTest {
    private static Map<String, Tensor> goldenWeights(Golden.Case c) {
        Map<String, Tensor> sd = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : c.inputMap().entrySet()) {
            if (e.getKey().startsWith("model.")) sd.put(e.getKey().substring("model.".length()), e.getValue());
        }
        return sd;
    }

    private static void checkLossAndGrads(Module model, Golden.Case c, java.util.function.UnaryOperator<String> rename) {
        Tensor loss = new CrossEntropyLoss().forward(model.forward(c.input("input")), c.input("target"));
        TensorAssert.assertClose(c.output("loss"), loss, TensorAssert.RTOL_MODEL, TensorAssert.RTOL_MODEL, "loss");
        loss.backward();
        Map<String, Tensor> params = model.namedParameters();
        for (String g : c.gradNames()) {
            String key = rename.apply(g.substring("model.".length()));
            Tensor p = params.get(key);
            assertNotNull(p, "parameter " + key);
            assertNotNull(p.grad(), "gradient of " + key);
            TensorAssert.assertClose(c.grad(g), p.grad(), TensorAssert.RTOL_MODEL, TensorAssert.RTOL_MODEL, "grad " + key);
        }
    }

    @Test
    void sequentialReproducesPyTorchLossAndGradients() {
        Golden.Case c = Golden.nn().caseNamed("cifar_quick_grad");
        Sequential model = CifarQuickFixtures.sequential();
        Map<String, Tensor> sd = goldenWeights(c);
        assertEquals(List.copyOf(sd.keySet()), List.copyOf(model.stateDict().keySet()), "PyTorch state_dict names");
        model.loadStateDict(sd);
        checkLossAndGrads(model, c, k -> k);
    }

    @Test
    void moduleSubclassReproducesPyTorchLossAndGradients() {
        Golden.Case c = Golden.nn().caseNamed("cifar_quick_grad");
        CifarQuickFixtures.Net net = new CifarQuickFixtures.Net();
        Map<String, Tensor> sd = new LinkedHashMap<>();
        goldenWeights(c).forEach((k, v) -> sd.put(CifarQuickFixtures.netName(k), v));
        net.loadStateDict(sd);
        checkLossAndGrads(net, c, CifarQuickFixtures::netName);
    }

    @Test
    void batchOfOnesGivesSixtyFourByTen() {
        Tensor expected = Golden.nn().caseNamed("cifar_quick_ones_shape").output("output_shape");
        long[] shape = expected.toLongArray();
        CifarQuickFixtures.Net net = new CifarQuickFixtures.Net();
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor out = net.forward(Tensor.ones(64, 3, 32, 32));
            assertArrayEquals(new int[] {(int) shape[0], (int) shape[1]}, out.shape());
            assertArrayEquals(new int[] {64, 10}, out.shape());
        }
    }

    @Test
    void parameterCountIs145578MatchingPyTorch() {
        // sum(p.numel() for p in model.parameters()) in PyTorch: 2432 + 25632 + 51264 + 65600 + 650
        assertEquals(145_578, CifarQuickFixtures.sequential().parameterCount());
        assertEquals(145_578, new CifarQuickFixtures.Net().parameterCount());
        assertEquals(10, CifarQuickFixtures.sequential().parameters().size());
    }

    @Test
    void reprMatchesPyTorch() {
        String expected = """
                Sequential(
                  (0): Conv2d(3, 32, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))
                  (1): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
                  (2): Conv2d(32, 32, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))
                  (3): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
                  (4): Conv2d(32, 64, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))
                  (5): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
                  (6): Flatten(start_dim=1, end_dim=-1)
                  (7): Linear(in_features=1024, out_features=64, bias=True)
                  (8): Linear(in_features=64, out_features=10, bias=True)
                )""";
        assertEquals(expected, CifarQuickFixtures.sequential().toString());
        String net = new CifarQuickFixtures.Net().toString();
        assertEquals("""
                Net(
                  (conv1): Conv2d(3, 32, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))
                  (pool1): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)""",
                net.substring(0, net.indexOf("\n  (conv2)")));
    }

    @Test
    void nestedReprIndentsLikePyTorch() {
        final class Outer extends Module {
            final Sequential body = registerModule("body", new Sequential(new Linear(2, 3), new Sequential(new ReLU(), new Linear(3, 1))));
            final ReLU act = registerModule("act", new ReLU());

            @Override
            public Tensor forward(Tensor x) {
                return act.forward(body.forward(x));
            }
        }
        assertEquals("""
                Outer(
                  (body): Sequential(
                    (0): Linear(in_features=2, out_features=3, bias=True)
                    (1): Sequential(
                      (0): ReLU()
                      (1): Linear(in_features=3, out_features=1, bias=True)
                    )
                  )
                  (act): ReLU()
                )""", new Outer().toString());
    }

    @Test
    void summaryListsLayersShapesAndTotals() {
        String s = CifarQuickFixtures.sequential().summary(2, 3, 32, 32);
        assertContains(s, "Sequential");
        assertContains(s, "├─Conv2d: 1-1");
        assertContains(s, "[2, 32, 32, 32]");
        assertContains(s, "2,432");
        assertContains(s, "├─MaxPool2d: 1-2");
        assertContains(s, "[2, 1024]");
        assertContains(s, "├─Linear: 1-9");
        assertContains(s, "[2, 10]");
        assertContains(s, "65,600");
        assertContains(s, "Total params: 145,578");
        assertContains(s, "Trainable params: 145,578");
        assertContains(s, "Non-trainable params: 0");
        // the subclass reaches the same leaves through hooks
        String t = new CifarQuickFixtures.Net().summary(1, 3, 32, 32);
        assertContains(t, "├─Conv2d: 1-5");
        assertContains(t, "[1, 64, 8, 8]");
        assertContains(t, "Total params: 145,578");
    }

    private static void assertContains(String text, String part) {
        if (!text.contains(part)) throw new AssertionError("expected to find '" + part + "' in:\n" + text);
    }
}
