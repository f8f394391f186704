package dev.cochlea.optim;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.nn.Conv2d;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.MaxPool2d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.Sequential;
import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.Golden;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Five training steps of the tutorial's CIFAR-10 "quick" model against PyTorch
 * ({@code cifar_quick_sgd_momentum_5steps}: {@code torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)};
 * {@code cifar_quick_adam_5steps}: {@code torch.optim.Adam(model.parameters(), lr=1e-3)}), from the start
 * weights, input and target of {@code cifar_quick_grad}: each step is {@code zero_grad},
 * {@code F.cross_entropy(model(x), t).backward()}, {@code step} (reference/make_golden.py). The 5
 * losses and the final weights must agree within 1e-3 relative (1e-5 absolute near zero); the
 * reference keeps every {@code final_stride}-th element of each final weight, flattened
 * ({@code w.flatten()[::7]}), and every one of those is compared.
 */
class CifarTrainingGoldenTest {
    private static final double RTOL = TensorAssert.RTOL_MODEL;
    /** Absolute slack for weights near zero: 1% of one Adam step (lr 1e-3), far below what a wrong update moves. */
    private static final double ATOL = 1e-5;
    /**
     * Adam's slack on the scalar kernels: their products sum in another order, and Adam's normalised step
     * turns the rounding of a near-zero gradient into 6e-5 on one weight of 51,200 within five steps. A
     * tenth of one step still catches a wrong update.
     */
    private static final double ATOL_ADAM_SCALAR = 1e-4;

    /** The model of make_golden.py's {@code cifar_quick()}. */
    static Module cifarQuick() {
        return new Sequential(
                new Conv2d(3, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Conv2d(32, 64, 5, Conv2d.options().padding(2)), new MaxPool2d(2),
                new Flatten(), new dev.cochlea.nn.Linear(1024, 64), new dev.cochlea.nn.Linear(64, 10));
    }

    private static void trainCase(String name, Function<List<Tensor>, Optimizer> make, double atol) {
        Golden nn = Golden.nn();
        Golden.Case start = nn.caseNamed("cifar_quick_grad");
        Golden.Case c = nn.caseNamed(name);
        Module model = cifarQuick();
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (String k : start.inputNames()) {
            if (k.startsWith("model.")) weights.put(k.substring("model.".length()), start.input(k));
        }
        model.loadStateDict(weights);
        Tensor x = start.input("input"), t = start.input("target");
        Optimizer opt = make.apply(model.parameters());
        float[] losses = new float[5];
        for (int i = 0; i < 5; i++) {
            opt.zeroGrad();
            Tensor loss = F.crossEntropy(model.forward(x), t);
            loss.backward();
            opt.step();
            losses[i] = loss.item();
        }
        TensorAssert.assertClose(c.output("losses").toFloatArray(), losses, RTOL, atol, c.label() + " losses");
        Map<String, Tensor> sd = model.stateDict();
        int stride = c.intParam("final_stride");
        int compared = 0;
        for (String k : c.outputNames()) {
            if (!k.startsWith("final.")) continue;
            String key = k.substring("final.".length());
            float[] all = sd.get(key).toFloatArray();
            float[] sampled = new float[(all.length + stride - 1) / stride];
            for (int i = 0; i < sampled.length; i++) sampled[i] = all[i * stride];
            TensorAssert.assertClose(c.output(k).toFloatArray(), sampled, RTOL, atol,
                    c.label() + " final " + key + "[::" + stride + "]");
            compared++;
        }
        assertEquals(sd.size(), compared, "every tensor of the state_dict has final values");
    }

    @Test
    void sgdMomentumFiveSteps() {
        Golden.Case c = Golden.nn().caseNamed("cifar_quick_sgd_momentum_5steps");
        trainCase(c.name(), ps -> new SGD(ps, SGD.options().lr(c.doubleParam("lr")).momentum(c.doubleParam("momentum"))),
                ATOL);
    }

    @Test
    void adamFiveSteps() {
        Golden.Case c = Golden.nn().caseNamed("cifar_quick_adam_5steps");
        double[] betas = c.doublesParam("betas");
        double atol = "scalar".equals(KernelProvider.get().name()) ? ATOL_ADAM_SCALAR : ATOL;
        trainCase(c.name(), ps -> new Adam(ps,
                Adam.options().lr(c.doubleParam("lr")).betas(betas[0], betas[1]).eps(c.doubleParam("eps"))), atol);
    }
}
