package dev.cochlea.nn;

import dev.cochlea.tensor.Tensor;

/**
 * Batch normalisation over the channels of {@code [N, C]} or {@code [N, C, L]} inputs ({@code torch.nn.BatchNorm1d}):
 * {@code y = (x - mean) / sqrt(var + eps) · γ + β} per channel, with batch statistics in training
 * and running statistics in evaluation (see {@link BatchNormNd}).
 *
 * <pre>{@code
 * Tensor y = new BatchNorm1d(64).forward(Tensor.randn(8, 64, 100));   // [8, 64, 100]
 * }</pre>
 */
public class BatchNorm1d extends BatchNormNd {
    /** {@code eps = 1e-5}, {@code momentum = 0.1}, affine, tracking running statistics. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    /** Every option; {@code momentum} null means a cumulative moving average. */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    protected void checkInputDim(Tensor x) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("expected 2D or 3D input (got " + x.dim() + "D input of shape " + shapeStr(x.shape()) + ")");
        }
    }
}
