package dev.cochlea.autograd;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Checks autograd gradients against central finite differences, like
 * {@code torch.autograd.gradcheck} but in float32: the function's output is projected on a fixed
 * random direction, and each input element is nudged by ±eps.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3, 4).requiresGrad(true);
 * GradCheck.Result r = GradCheck.check(in -> in[0].tanh().sum(0), x);
 * assert r.passed() : r;
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {}

    /** The outcome: the largest discrepancy found, where, and whether it is within tolerance. */
    public record Result(boolean passed, int input, int element, double analytic, double numeric, double error) {
        @Override
        public String toString() {
            return (passed ? "passed" : "FAILED") + ": input " + input + " element " + element + ": autograd " + analytic
                    + ", finite difference " + numeric + " (error " + error + ")";
        }
    }

    /** Runs the check with eps 1e-3, rtol 1e-2, atol 1e-3. */
    public static Result check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, 1e-3f, 1e-2, 1e-3, inputs);
    }

    /**
     * Compares d(sum(f(x) * r))/dx from autograd with central differences for every element of
     * every input that requires grad.
     */
    public static Result check(Function<Tensor[], Tensor> f, float eps, double rtol, double atol, Tensor... inputs) {
        Tensor out = f.apply(inputs);
        Tensor direction = Tensor.randn(new Generator(1234), out.shape());
        for (Tensor t : inputs) if (t.requiresGrad()) t.setGrad(null);
        out.mul(direction).sum().backward();
        Result worst = new Result(true, -1, -1, 0, 0, 0);
        double worstRatio = -1;
        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            if (!x.requiresGrad()) continue;
            if (!x.isContiguous()) throw new IllegalArgumentException("GradCheck: input " + i + " must be contiguous");
            float[] data = x.storage();
            int off = x.offset();
            float[] analytic = x.grad() == null ? new float[x.numel()] : x.grad().toFloatArray();
            for (int e = 0; e < x.numel(); e++) {
                float saved = data[off + e];
                double plus, minus;
                try (NoGrad ignored = NoGrad.enter()) {
                    data[off + e] = saved + eps;
                    plus = project(f.apply(inputs), direction);
                    data[off + e] = saved - eps;
                    minus = project(f.apply(inputs), direction);
                } finally {
                    data[off + e] = saved;
                }
                double numeric = (plus - minus) / (2.0 * eps);
                double err = Math.abs(numeric - analytic[e]);
                double allowed = atol + rtol * Math.abs(numeric);
                double ratio = err / allowed;
                if (ratio > worstRatio) {
                    worstRatio = ratio;
                    worst = new Result(err <= allowed, i, e, analytic[e], numeric, err);
                }
            }
        }
        return worst;
    }

    private static double project(Tensor out, Tensor direction) {
        float[] o = out.toFloatArray(), d = direction.toFloatArray();
        if (o.length != d.length) {
            throw new IllegalStateException("GradCheck: output shape changed between calls: " + Arrays.toString(out.shape()));
        }
        double s = 0;
        for (int i = 0; i < o.length; i++) s += (double) o[i] * d[i];
        return s;
    }
}
