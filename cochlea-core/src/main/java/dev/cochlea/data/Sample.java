package dev.cochlea.data;

import dev.cochlea.tensor.Tensor;

/**
 * One training example: an input tensor (e.g. a log-mel spectrogram [1, mels, frames]) and its
 * target (a 0-d int64 class index for classification, a float tensor for regression).
 *
 * <pre>{@code
 * Sample s = new Sample(features, Tensor.ofLongs(new long[] {3}));
 * }</pre>
 *
 * @param input  the model input, without a batch dim
 * @param target the target, without a batch dim
 */
public record Sample(Tensor input, Tensor target) {
    /** A classification example with class index {@code label}. */
    public static Sample of(Tensor input, long label) {
        return new Sample(input, Tensor.ofLongs(new long[] {label}));
    }
}
