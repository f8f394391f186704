package dev.cochlea.nn;

import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

/**
 * Average pooling to a fixed output size whatever the input size
 * ({@code torch.nn.AdaptiveAvgPool2d}): {@code [N, C, H, W] -> [N, C, outH, outW]}.
 *
 * <pre>{@code
 * Tensor y = new AdaptiveAvgPool2d(1).forward(Tensor.randn(8, 64, 13, 17));     // [8, 64, 1, 1]
 * Tensor z = new AdaptiveAvgPool2d(5, 7).forward(Tensor.randn(8, 64, 13, 17));  // [8, 64, 5, 7]
 * }</pre>
 */
public class AdaptiveAvgPool2d extends Module {
    private final int[] outputSize;

    /** Pools to {@code outputSize} (one value for a square output, or height and width). */
    public AdaptiveAvgPool2d(int... outputSize) {
        if (outputSize.length != 1 && outputSize.length != 2) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output_size must have 1 or 2 entries, found " + outputSize.length);
        }
        for (int s : outputSize) {
            if (s <= 0) throw new IllegalArgumentException("AdaptiveAvgPool2d: output_size must be positive, found " + java.util.Arrays.toString(outputSize));
        }
        this.outputSize = outputSize.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.adaptiveAvgPool2d(x, outputSize);
    }

    /** The output size as given: 1 entry (square) or 2 (height, width). */
    public int[] outputSize() {
        return outputSize.clone();
    }

    @Override
    public String extraRepr() {
        return "output_size=" + Repr.intOrTuple(outputSize, outputSize.length > 1);
    }
}
