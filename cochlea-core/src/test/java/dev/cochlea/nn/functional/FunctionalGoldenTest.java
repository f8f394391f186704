package dev.cochlea.nn.functional;

import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.Golden;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

/**
 * Parity of the functional ops with PyTorch: forward outputs and every gradient of the golden
 * cases in {@code nn.json} (produced by {@code reference/make_golden.py}; the PyTorch call of each
 * case is named in its test and in the case's {@code call}), within 1e-4 relative / 1e-5 absolute.
 */
class FunctionalGoldenTest {
    private static final double RTOL = 1e-4, ATOL = 1e-5;

    /** Runs a one-input case: forward, backward of the case's upstream gradient, compare both. */
    private static void unaryCase(String name, Function<Tensor, Tensor> f) {
        Golden.Case c = Golden.nn().caseNamed(name);
        Tensor x = c.input("input").requiresGrad(true);
        Tensor y = f.apply(x);
        TensorAssert.assertClose(c.output(), y, RTOL, ATOL, name + " output");
        y.backward(c.gradOutput());
        TensorAssert.assertClose(c.grad("input"), x.grad(), RTOL, ATOL, name + " grad input");
    }

    @Test // F.linear(input, weight, bias)
    void linear() {
        Golden.Case c = Golden.nn().caseNamed("linear");
        Tensor x = c.input("input").requiresGrad(true), w = c.input("weight").requiresGrad(true), b = c.input("bias").requiresGrad(true);
        Tensor y = LinearOps.linear(x, w, b);
        TensorAssert.assertClose(c.output(), y, RTOL, ATOL, "linear output");
        y.backward(c.gradOutput());
        TensorAssert.assertClose(c.grad("input"), x.grad(), RTOL, ATOL, "linear grad input");
        TensorAssert.assertClose(c.grad("weight"), w.grad(), RTOL, ATOL, "linear grad weight");
        TensorAssert.assertClose(c.grad("bias"), b.grad(), RTOL, ATOL, "linear grad bias");
    }

    @Test // torch.matmul(a, b_) with a [3, 4, 6], b_ [6, 5]
    void matmulBatched() {
        Golden.Case c = Golden.nn().caseNamed("matmul_batched");
        Tensor a = c.input("a").requiresGrad(true), b = c.input("b_").requiresGrad(true);
        Tensor y = a.matmul(b);
        TensorAssert.assertClose(c.output(), y, RTOL, ATOL, "matmul output");
        y.backward(c.gradOutput());
        TensorAssert.assertClose(c.grad("a"), a.grad(), RTOL, ATOL, "matmul grad a");
        TensorAssert.assertClose(c.grad("b_"), b.grad(), RTOL, ATOL, "matmul grad b");
    }

    @Test // F.relu
    void relu() {
        unaryCase("relu", Activations::relu);
    }

    @Test // torch.tanh
    void tanh() {
        unaryCase("tanh", Activations::tanh);
    }

    @Test // torch.sigmoid
    void sigmoid() {
        unaryCase("sigmoid", Activations::sigmoid);
    }

    @Test // F.gelu (exact erf form)
    void gelu() {
        unaryCase("gelu", Activations::gelu);
    }

    @Test // F.leaky_relu(x, 0.01)
    void leakyRelu() {
        float slope = (float) Golden.nn().caseNamed("leaky_relu").doubleParam("negative_slope");
        unaryCase("leaky_relu", x -> Activations.leakyRelu(x, slope));
    }

    @Test // F.elu (alpha 1)
    void elu() {
        unaryCase("elu", Activations::elu);
    }

    @Test // F.softmax(x, dim=1)
    void softmax() {
        int dim = Golden.nn().caseNamed("softmax").intParam("dim");
        unaryCase("softmax", x -> Activations.softmax(x, dim));
    }

    @Test // F.log_softmax(x, dim=1)
    void logSoftmax() {
        int dim = Golden.nn().caseNamed("log_softmax").intParam("dim");
        unaryCase("log_softmax", x -> Activations.logSoftmax(x, dim));
    }

    private static void lossCase(String name, java.util.function.BiFunction<Tensor, Tensor, Tensor> f) {
        Golden.Case c = Golden.nn().caseNamed(name);
        Tensor x = c.input("input").requiresGrad(true);
        Tensor t = c.input("target");
        Tensor loss = f.apply(x, t);
        TensorAssert.assertClose(c.output(), loss, RTOL, ATOL, name + " output");
        loss.backward(c.gradOutput());
        TensorAssert.assertClose(c.grad("input"), x.grad(), RTOL, ATOL, name + " grad input");
    }

    @Test // F.cross_entropy(input, target).backward()
    void crossEntropy() {
        lossCase("cross_entropy", Losses::crossEntropy);
    }

    @Test // F.nll_loss(F.log_softmax(input, 1), target).backward()
    void nllLoss() {
        lossCase("nll_loss", (x, t) -> Losses.nllLoss(Activations.logSoftmax(x, 1), t));
    }

    @Test // F.mse_loss(input, target).backward()
    void mseLoss() {
        lossCase("mse_loss", Losses::mseLoss);
    }

    @Test // F.binary_cross_entropy_with_logits(input, target).backward()
    void bceWithLogits() {
        lossCase("bce_with_logits", Losses::bceWithLogits);
    }

    @Test // nn.BatchNorm2d(3) in training mode, momentum 0.1, eps 1e-5, from running stats 0 / 1
    void batchNorm2dTrain() {
        Golden.Case c = Golden.nn().caseNamed("batch_norm2d_train");
        Tensor x = c.input("input").requiresGrad(true);
        Tensor w = c.input("weight").requiresGrad(true), b = c.input("bias").requiresGrad(true);
        Tensor rm = Tensor.zeros(3), rv = Tensor.ones(3);
        Tensor y = Normalization.batchNorm(x, rm, rv, w, b, c.boolParam("training"), c.doubleParam("momentum"), c.doubleParam("eps"));
        TensorAssert.assertClose(c.output("output"), y, RTOL, ATOL, "batch_norm output");
        TensorAssert.assertClose(c.output("running_mean"), rm, RTOL, ATOL, "batch_norm running_mean");
        TensorAssert.assertClose(c.output("running_var"), rv, RTOL, ATOL, "batch_norm running_var");
        y.backward(c.gradOutput());
        TensorAssert.assertClose(c.grad("input"), x.grad(), RTOL, ATOL, "batch_norm grad input");
        TensorAssert.assertClose(c.grad("weight"), w.grad(), RTOL, ATOL, "batch_norm grad weight");
        TensorAssert.assertClose(c.grad("bias"), b.grad(), RTOL, ATOL, "batch_norm grad bias");
    }

    @Test // F.layer_norm(input, [6], weight, bias)
    void layerNorm() {
        Golden.Case c = Golden.nn().caseNamed("layer_norm");
        Tensor x = c.input("input").requiresGrad(true);
        Tensor w = c.input("weight").requiresGrad(true), b = c.input("bias").requiresGrad(true);
        Tensor y = Normalization.layerNorm(x, c.intsParam("normalized_shape"), w, b, c.doubleParam("eps"));
        TensorAssert.assertClose(c.output(), y, RTOL, ATOL, "layer_norm output");
        y.backward(c.gradOutput());
        TensorAssert.assertClose(c.grad("input"), x.grad(), RTOL, ATOL, "layer_norm grad input");
        TensorAssert.assertClose(c.grad("weight"), w.grad(), RTOL, ATOL, "layer_norm grad weight");
        TensorAssert.assertClose(c.grad("bias"), b.grad(), RTOL, ATOL, "layer_norm grad bias");
    }
}
