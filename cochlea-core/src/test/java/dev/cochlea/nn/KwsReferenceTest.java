package dev.cochlea.nn;

import dev.cochlea.nn.functional.ConvOptions;
import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.ClasspathReference;
import dev.cochlea.testing.TensorAssert;
import dev.cochlea.train.models.BcResNet;
import dev.cochlea.train.models.TcResNet;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parity of the keyword-spotting layers and models with PyTorch, against the values in
 * {@code src/test/resources/reference/kws.*} written by {@code reference/make_kws_reference.py}
 * (each case names the torch call that produced it). A missing reference file fails these tests.
 */
class KwsReferenceTest {
    private static final double RTOL = 1e-4, ATOL = 1e-5;
    /** Whole models: many float32 reductions in a different order than PyTorch's. */
    private static final double RTOL_MODEL = 1e-3, ATOL_MODEL = 1e-5;

    private static ClasspathReference ref() {
        return ClasspathReference.load("kws");
    }

    @Test
    void referenceFilesNameTheirTorch() {
        assertTrue(ref().generatedBy().startsWith("torch "), "generated_by: " + ref().generatedBy());
    }

    @Test
    void siluMatchesTorch() {
        ClasspathReference.Case c = ref().caseNamed("silu");
        Tensor x = c.tensor("in.input").requiresGrad(true);
        Tensor y = new SiLU().forward(x);
        TensorAssert.assertClose(c.tensor("output"), y, RTOL, ATOL, c.what("output"));
        y.backward(c.tensor("grad_output"));
        TensorAssert.assertClose(c.tensor("grad.input"), x.grad(), RTOL, ATOL, c.what("grad input"));
        TensorAssert.assertClose(c.tensor("output"), F.silu(c.tensor("in.input")), RTOL, ATOL, c.what("functional"));
    }

    @Test
    void depthwiseAndStridedConvolutionsMatchTorch() {
        String[] names = {"dwconv_freq_3x1_stride2", "dwconv_time_1x3_dil4", "dwconv_time_1x3_dil8", "dwconv_5x5_pad0x2",
                "conv2d_head_5x5_stride2x1", "conv1d_k9_stride2", "conv1d_k1_stride2", "conv1d_k3_bias"};
        for (String name : names) {
            ClasspathReference.Case c = ref().caseNamed(name);
            Tensor x = c.tensor("in.input").requiresGrad(true);
            Tensor w = c.tensor("in.weight").requiresGrad(true);
            Tensor b = c.has("in.bias") ? c.tensor("in.bias").requiresGrad(true) : null;
            int[] s = c.ints("stride"), p = c.ints("padding"), d = c.ints("dilation");
            int groups = c.params().path("groups").asInt();
            ConvOptions o = ConvOptions.defaults().stride(s).padding(p).dilation(d).groups(groups);
            Tensor y = x.dim() == 3 ? F.conv1d(x, w, b, o) : F.conv2d(x, w, b, o);
            TensorAssert.assertClose(c.tensor("output"), y, RTOL, ATOL, c.what("output"));
            y.backward(c.tensor("grad_output"));
            TensorAssert.assertClose(c.tensor("grad.input"), x.grad(), RTOL, ATOL, c.what("grad input"));
            TensorAssert.assertClose(c.tensor("grad.weight"), w.grad(), RTOL, ATOL, c.what("grad weight"));
            if (b != null) TensorAssert.assertClose(c.tensor("grad.bias"), b.grad(), RTOL, ATOL, c.what("grad bias"));
        }
    }

    @Test
    void subSpectralNormMatchesTorchForEvenAndUnevenBands() {
        for (String name : new String[] {"ssn_even", "ssn_uneven"}) {
            ClasspathReference.Case c = ref().caseNamed(name);
            SubSpectralNorm ssn = new SubSpectralNorm(c.params().path("channels").asInt(), c.params().path("sub_bands").asInt());
            ssn.ssnorm.weight.detach().copyFrom(c.tensor("param.ssnorm.weight"));
            ssn.ssnorm.bias.detach().copyFrom(c.tensor("param.ssnorm.bias"));
            Tensor x = c.tensor("in.input").requiresGrad(true);
            Tensor y = ssn.forward(x);
            TensorAssert.assertClose(c.tensor("output"), y, RTOL, ATOL, c.what("output"));
            y.backward(c.tensor("grad_output"));
            TensorAssert.assertClose(c.tensor("grad.input"), x.grad(), RTOL, ATOL, c.what("grad input"));
            TensorAssert.assertClose(c.tensor("grad.ssnorm.weight"), ssn.ssnorm.weight.grad(), RTOL, ATOL, c.what("grad weight"));
            TensorAssert.assertClose(c.tensor("grad.ssnorm.bias"), ssn.ssnorm.bias.grad(), RTOL, ATOL, c.what("grad bias"));
            TensorAssert.assertClose(c.tensor("running_mean"), ssn.ssnorm.runningMean, RTOL, ATOL, c.what("running_mean"));
            TensorAssert.assertClose(c.tensor("running_var"), ssn.ssnorm.runningVar, RTOL, ATOL, c.what("running_var"));
            ssn.eval();
            TensorAssert.assertClose(c.tensor("output_eval"), ssn.forward(c.tensor("in.input")), RTOL, ATOL, c.what("eval output"));
        }
    }

    @Test
    void bcResNet1MatchesTorch() {
        checkModel(ref().caseNamed("bcresnet-1"), new BcResNet(1, 10));
    }

    @Test
    void tcResNet8MatchesTorch() {
        checkModel(ref().caseNamed("tcresnet8"), new TcResNet(40, 10, false, 1));
    }

    /** Loads the reference state_dict (names must match exactly), runs train mode without dropout, compares logits and all gradients. */
    private static void checkModel(ClasspathReference.Case c, Module model) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String role : c.roles()) {
            if (role.startsWith("param.")) state.put(role.substring("param.".length()), c.tensor(role));
        }
        assertEquals(state.keySet(), model.stateDict().keySet(), c.name() + ": state_dict names differ from PyTorch's");
        model.loadStateDict(state);
        model.train();
        for (Module m : model.modules()) {
            if (m instanceof Dropout || m instanceof Dropout2d) m.eval();
        }
        Tensor logits = model.forward(c.tensor("in.input"));
        TensorAssert.assertClose(c.tensor("output"), logits, RTOL_MODEL, ATOL_MODEL, c.what("logits"));
        Tensor loss = new CrossEntropyLoss().forward(logits, c.tensor("in.target"));
        TensorAssert.assertClose(c.tensor("loss"), loss.reshape(1), RTOL_MODEL, ATOL_MODEL, c.what("loss"));
        loss.backward();
        int checked = 0;
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            TensorAssert.assertClose(c.tensor("grad." + e.getKey()), e.getValue().grad(), RTOL_MODEL, ATOL_MODEL,
                    c.what("grad " + e.getKey()));
            checked++;
        }
        assertTrue(checked > 10, c.name() + ": only " + checked + " parameters");
    }
}
