package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * Average pooling to a fixed output length whatever the input length
 * ({@code torch.nn.AdaptiveAvgPool1d}): {@code [N, C, L] -> [N, C, outputSize]}.
 *
 * <pre>{@code
 * Tensor y = new AdaptiveAvgPool1d(1).forward(Tensor.randn(8, 64, 97));   // [8, 64, 1]
 * }</pre>
 */
public class AdaptiveAvgPool1d extends Module {
    private final int outputSize;

    /** Pools to {@code outputSize} positions. */
    public AdaptiveAvgPool1d(int outputSize) {
        if (outputSize <= 0) throw new IllegalArgumentException("AdaptiveAvgPool1d: output_size must be positive, found " + outputSize);
        this.outputSize = outputSize;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.adaptiveAvgPool1d(x, outputSize);
    }

    /** The output length. */
    public int outputSize() {
        return outputSize;
    }

    @Override
    public String extraRepr() {
        return "output_size=" + outputSize;
    }
}
