package dev.cochlea.nn.functional;

import java.util.Arrays;
import java.util.Objects;

/**
 * The options of average pooling besides its kernel size, PyTorch's keyword arguments of
 * {@code nn.AvgPool2d} / {@code F.avg_pool2d}, with PyTorch's defaults: stride = the kernel size,
 * padding 0, floor mode, padded zeros counted in the average, no divisor override. One immutable
 * value serves the layers ({@code AvgPool1d/2d/3d}) and the functional forms
 * ({@code F.avgPool1d/2d/3d}); each wither returns a new value.
 *
 * <p>Per-dimension options take one value for every spatial dim or one value per dim. Padding
 * must be at most half the kernel. Each window is divided by its size clipped to the padded input
 * ({@code countIncludePad}) or to the input, or by {@code divisorOverride} when it is not 0
 * (2-D and 3-D only).
 *
 * <pre>{@code
 * AvgPool2d pool = new AvgPool2d(3, AvgPool2d.options().stride(1).padding(1).countIncludePad(false));
 * Tensor y = F.avgPool1d(frames, 4, AvgPoolOptions.defaults().stride(2));
 * }</pre>
 *
 * @param stride          step of the window per spatial dim (1 or rank entries, positive), or null for the kernel size
 * @param padding         zero padding on both sides per spatial dim (1 or rank entries, {@code >= 0})
 * @param ceilMode        whether output sizes round up instead of down
 * @param countIncludePad whether padded zeros count in each window's divisor
 * @param divisorOverride the divisor of every window, or 0 for none
 */
public record AvgPoolOptions(int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
    private static final AvgPoolOptions DEFAULTS = new AvgPoolOptions(null, new int[] {0}, false, true, 0);

    /** Checks every value and keeps its own copies of the arrays. */
    public AvgPoolOptions {
        if (stride != null) stride = Support.optionValues("AvgPoolOptions", "stride", stride, 1);
        padding = Support.optionValues("AvgPoolOptions", "padding", padding, 0);
        if (divisorOverride < 0) {
            throw new IllegalArgumentException("AvgPoolOptions: divisor_override must be positive (0 for none), found " + divisorOverride);
        }
    }

    /**
     * PyTorch's defaults: stride = kernel size, padding 0, floor mode, padding counted, no divisor override.
     *
     * <pre>{@code
     * Tensor y = F.avgPool2d(x, 2, AvgPoolOptions.defaults().ceilMode(true));
     * }</pre>
     */
    public static AvgPoolOptions defaults() {
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

    /** These options with {@code stride} (one value, or one per dim). <pre>{@code options.stride(2)}</pre> */
    public AvgPoolOptions stride(int... stride) {
        if (stride == null) throw new IllegalArgumentException("AvgPoolOptions: stride must not be null");
        return new AvgPoolOptions(stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** These options with {@code padding} (one value, or one per dim). <pre>{@code options.padding(1)}</pre> */
    public AvgPoolOptions padding(int... padding) {
        return new AvgPoolOptions(stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** These options with output sizes rounded up ({@code true}) or down. <pre>{@code options.ceilMode(true)}</pre> */
    public AvgPoolOptions ceilMode(boolean ceilMode) {
        return new AvgPoolOptions(stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** These options with padded zeros counted in the divisor ({@code true}) or not. <pre>{@code options.countIncludePad(false)}</pre> */
    public AvgPoolOptions countIncludePad(boolean countIncludePad) {
        return new AvgPoolOptions(stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /** These options with every window divided by {@code divisor} (0: by the window size). <pre>{@code options.divisorOverride(4)}</pre> */
    public AvgPoolOptions divisorOverride(int divisor) {
        return new AvgPoolOptions(stride, padding, ceilMode, countIncludePad, divisor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvgPoolOptions a && Arrays.equals(stride, a.stride) && Arrays.equals(padding, a.padding)
                && ceilMode == a.ceilMode && countIncludePad == a.countIncludePad && divisorOverride == a.divisorOverride;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(stride), Arrays.hashCode(padding), ceilMode, countIncludePad, divisorOverride);
    }

    /** {@code AvgPoolOptions[stride=kernel, padding=[0], ceilMode=false, countIncludePad=true, divisorOverride=0]}. */
    @Override
    public String toString() {
        return "AvgPoolOptions[stride=" + (stride == null ? "kernel" : Arrays.toString(stride)) + ", padding=" + Arrays.toString(padding)
                + ", ceilMode=" + ceilMode + ", countIncludePad=" + countIncludePad + ", divisorOverride=" + divisorOverride + "]";
    }
}
