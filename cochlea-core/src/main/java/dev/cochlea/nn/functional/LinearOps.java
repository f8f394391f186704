package dev.cochlea.nn.functional;

import dev.cochlea.autograd.Autograd;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.tensor.Tensor;

/**
 * The affine map of a fully connected layer, {@code y = x Aᵀ + b} ({@code F.linear}), as one
 * fused, autograd-aware operation: the product runs on the GEMM kernel with the transposed
 * weight as a view (no copy), the bias is added in place, and the backward computes all three
 * gradients with two more GEMMs and one column sum. Internal: call it through {@link F#linear}
 * (named apart from the layer {@code dev.cochlea.nn.Linear}).
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(64, 1280);
 * Tensor w = Tensor.randn(10, 1280).requiresGrad(true);
 * Tensor b = Tensor.zeros(10).requiresGrad(true);
 * Tensor y = F.linear(x, w, b);      // [64, 10]
 * }</pre>
 */
final class LinearOps {
    private LinearOps() {}

    /**
     * {@code input @ weight.T + bias}: input {@code [*, in]}, weight {@code [out, in]}, bias
     * {@code [out]} or null; the result is {@code [*, out]}.
     *
     * <pre>{@code
     * Tensor y = F.linear(Tensor.randn(2, 3, 7), Tensor.randn(5, 7), null); // [2, 3, 5]
     * }</pre>
     *
     * @throws IllegalArgumentException when the shapes do not fit, naming them
     */
    static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        Support.requireFloat("linear", "input", input);
        Support.requireFloat("linear", "weight", weight);
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("linear: weight must be 2-D [out_features, in_features], found shape " + Support.str(weight));
        }
        int out = weight.size(0), in = weight.size(1);
        if (input.dim() < 1 || input.size(-1) != in) {
            throw new IllegalArgumentException("linear: input of shape " + Support.str(input) + " does not match weight of shape "
                    + Support.str(weight) + " (the input's last dimension must be " + in + ")");
        }
        if (bias != null) {
            Support.requireFloat("linear", "bias", bias);
            if (bias.dim() != 1 || bias.size(0) != out) {
                throw new IllegalArgumentException("linear: bias of shape " + Support.str(bias) + " does not match weight of shape "
                        + Support.str(weight) + " (expected [" + out + "])");
            }
        }
        Tensor xd = input.detach(), wd = weight.detach();
        Tensor y;
        try (NoGrad ignored = NoGrad.enter()) {
            y = xd.matmul(wd.t());
            if (bias != null) y.addInPlace(bias.detach());
        }
        int[] inShape = input.shape();
        return Autograd.record(y, "AddmmBackward", new Tensor[] {input, weight, bias}, g -> {
            Tensor g2 = g.reshape(-1, out);
            Tensor gx = input.requiresGrad() ? g.matmul(wd) : null;
            Tensor gw = null;
            if (weight.requiresGrad()) {
                Tensor x2 = xd.isContiguous() ? xd.reshape(-1, in) : xd.contiguous().reshape(-1, in);
                gw = g2.t().matmul(x2);
            }
            Tensor gb = bias != null && bias.requiresGrad() ? g2.sum(0) : null;
            if (gx != null && gx.dim() != inShape.length) gx = gx.reshape(inShape);
            return new Tensor[] {gx, gw, gb};
        });
    }

    /** {@link #linear(Tensor, Tensor, Tensor)} without a bias. */
    static Tensor linear(Tensor input, Tensor weight) {
        return linear(input, weight, null);
    }
}
