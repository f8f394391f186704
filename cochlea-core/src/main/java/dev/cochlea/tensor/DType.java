package dev.cochlea.tensor;

/**
 * The element types a {@link Tensor} can hold: 32-bit floats for data and parameters, 64-bit
 * integers for labels and indices (PyTorch's {@code torch.float32} and {@code torch.int64}).
 *
 * <pre>{@code
 * Tensor labels = Tensor.ofLongs(new long[] {3, 1, 4}, 3);
 * assert labels.dtype() == DType.INT64;
 * }</pre>
 */
public enum DType {
    /** 32-bit IEEE float. */
    FLOAT32("float32"),
    /** 64-bit signed integer. */
    INT64("int64");

    private final String torchName;

    DType(String torchName) {
        this.torchName = torchName;
    }

    /** The name PyTorch prints, e.g. {@code torch.int64}. */
    public String torchName() {
        return "torch." + torchName;
    }
}
