package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * Layer normalisation over the trailing dims {@code normalizedShape} ({@code torch.nn.LayerNorm}):
 * each slice is normalised with its own mean and biased variance, then scaled by {@code weight}
 * and shifted by {@code bias} (both of shape {@code normalizedShape}). Same statistics in training
 * and evaluation.
 *
 * <pre>{@code
 * LayerNorm ln = new LayerNorm(6);
 * Tensor y = ln.forward(Tensor.randn(3, 4, 6));   // [3, 4, 6], each row of 6 has mean 0, variance 1
 * ln.toString();   // LayerNorm((6,), eps=1e-05, elementwise_affine=True)
 * }</pre>
 */
public class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;
    /** Scale {@code normalizedShape}, or null. */
    public final Tensor weight;
    /** Shift {@code normalizedShape}, or null. */
    public final Tensor bias;

    /** {@code eps = 1e-5}, with scale and shift. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true, true);
    }

    /** Every option. */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        if (normalizedShape.length == 0) throw new IllegalArgumentException("LayerNorm: normalized_shape must not be empty");
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        this.weight = registerParameter("weight", elementwiseAffine ? Tensor.ones(normalizedShape) : null);
        this.bias = registerParameter("bias", elementwiseAffine && bias ? Tensor.zeros(normalizedShape) : null);
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    @Override
    public String extraRepr() {
        return Repr.tuple(normalizedShape) + ", eps=" + Repr.pyFloat(eps) + ", elementwise_affine=" + Repr.bool(elementwiseAffine);
    }
}
