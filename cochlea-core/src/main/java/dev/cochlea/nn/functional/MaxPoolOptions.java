package dev.cochlea.nn.functional;

import java.util.Arrays;
import java.util.Objects;

/**
 * The options of max pooling besides its kernel size, PyTorch's keyword arguments of
 * {@code nn.MaxPool2d} / {@code F.max_pool2d}, with PyTorch's defaults: stride = the kernel size,
 * padding 0, dilation 1, floor mode. One immutable value serves the layers
 * ({@code MaxPool1d/2d/3d}) and the functional forms ({@code F.maxPool1d/2d/3d} and their
 * {@code WithIndices} forms); each wither returns a new value.
 *
 * <p>Per-dimension options take one value for every spatial dim or one value per dim. Padded
 * positions count as {@code -inf} and never win; padding must be at most half the (dilated)
 * kernel. Output size per dim: {@code floor((in + 2·padding - dilation·(kernel-1) - 1) / stride) + 1},
 * rounded up instead with {@code ceilMode} (minus one when the last window would start in the
 * right padding).
 *
 * <pre>{@code
 * MaxPool2d pool = new MaxPool2d(3, MaxPool2d.options().stride(2).padding(1));
 * Tensor y = F.maxPool2d(x, 3, MaxPoolOptions.defaults().stride(3).ceilMode(true));
 * }</pre>
 *
 * @param stride   step of the window per spatial dim (1 or rank entries, positive), or null for the kernel size
 * @param padding  {@code -inf} padding on both sides per spatial dim (1 or rank entries, {@code >= 0})
 * @param dilation spacing of the window taps per spatial dim (1 or rank entries, positive)
 * @param ceilMode whether output sizes round up instead of down
 */
public record MaxPoolOptions(int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
    private static final MaxPoolOptions DEFAULTS = new MaxPoolOptions(null, new int[] {0}, new int[] {1}, false);

    /** Checks every value and keeps its own copies of the arrays. */
    public MaxPoolOptions {
        if (stride != null) stride = Support.optionValues("MaxPoolOptions", "stride", stride, 1);
        padding = Support.optionValues("MaxPoolOptions", "padding", padding, 0);
        dilation = Support.optionValues("MaxPoolOptions", "dilation", dilation, 1);
    }

    /**
     * PyTorch's defaults: stride = kernel size, padding 0, dilation 1, floor mode.
     *
     * <pre>{@code
     * Tensor y = F.maxPool1d(x, 2, MaxPoolOptions.defaults().stride(1));
     * }</pre>
     */
    public static MaxPoolOptions defaults() {
        return DEFAULTS;
    }

    /** The stride as given (1 or rank entries), or null for the kernel size. */
    @Override
    public int[] stride() {
        return stride == null ? null : stride.clone();
    }

    /** The padding as given (1 or rank entries). */
    @Override
    public int[] padding() {
        return padding.clone();
    }

    /** The dilation as given (1 or rank entries). */
    @Override
    public int[] dilation() {
        return dilation.clone();
    }

    /** These options with {@code stride} (one value, or one per dim). <pre>{@code options.stride(2)}</pre> */
    public MaxPoolOptions stride(int... stride) {
        if (stride == null) throw new IllegalArgumentException("MaxPoolOptions: stride must not be null");
        return new MaxPoolOptions(stride, padding, dilation, ceilMode);
    }

    /** These options with {@code padding} (one value, or one per dim). <pre>{@code options.padding(1)}</pre> */
    public MaxPoolOptions padding(int... padding) {
        return new MaxPoolOptions(stride, padding, dilation, ceilMode);
    }

    /** These options with {@code dilation} (one value, or one per dim). <pre>{@code options.dilation(2)}</pre> */
    public MaxPoolOptions dilation(int... dilation) {
        return new MaxPoolOptions(stride, padding, dilation, ceilMode);
    }

    /** These options with output sizes rounded up ({@code true}) or down. <pre>{@code options.ceilMode(true)}</pre> */
    public MaxPoolOptions ceilMode(boolean ceilMode) {
        return new MaxPoolOptions(stride, padding, dilation, ceilMode);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxPoolOptions m && Arrays.equals(stride, m.stride) && Arrays.equals(padding, m.padding)
                && Arrays.equals(dilation, m.dilation) && ceilMode == m.ceilMode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(stride), Arrays.hashCode(padding), Arrays.hashCode(dilation), ceilMode);
    }

    /** {@code MaxPoolOptions[stride=kernel, padding=[0], dilation=[1], ceilMode=false]}. */
    @Override
    public String toString() {
        return "MaxPoolOptions[stride=" + (stride == null ? "kernel" : Arrays.toString(stride)) + ", padding=" + Arrays.toString(padding)
                + ", dilation=" + Arrays.toString(dilation) + ", ceilMode=" + ceilMode + "]";
    }
}
