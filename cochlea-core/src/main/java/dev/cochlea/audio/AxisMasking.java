package dev.cochlea.audio;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * SpecAugment masking of a band of consecutive rows (frequency) or columns (time) of a
 * spectrogram: the shared part of {@link FrequencyMasking} and {@link TimeMasking}, following
 * torchaudio 0.13's {@code _AxisMasking}, {@code mask_along_axis} and {@code mask_along_axis_iid}.
 *
 * <p>A mask width {@code v = floor(u1 * maskParam)} and start {@code floor(u2 * (size - u1 * maskParam))}
 * are drawn with {@code u1, u2} uniform in [0, 1); the band {@code [start, start + v)} is set to
 * the mask value. One band is shared by every spectrogram of the input unless {@code iidMasks} is
 * set and the input is 4-D {@code [batch, channel, freq, time]}, when each (batch, channel) pair
 * gets its own. Masks are applied only in training mode (the default, like a PyTorch module);
 * after {@code train(false)} the input is returned unchanged.
 *
 * <pre>{@code
 * TimeMasking tm = new TimeMasking(20).generator(new Generator(0));
 * Tensor masked = tm.forward(spec);       // spec [1, 40, 100], up to 19 frames zeroed
 * tm.train(false);
 * Tensor same = tm.forward(spec);         // unchanged
 * }</pre>
 */
abstract class AxisMasking extends Module {
    private final int maskParam;
    private final int axis; // 1: frequency, 2: time, of the packed [-1, freq, time] layout
    private final boolean iidMasks;
    private final double p;
    private Generator generator = Generator.defaultGenerator();

    AxisMasking(int maskParam, int axis, boolean iidMasks, double p) {
        if (maskParam < 0) throw new IllegalArgumentException("masking: mask_param must be non-negative, found " + maskParam);
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("masking: the value of p must be between 0.0 and 1.0 (" + p + " given)");
        }
        this.maskParam = maskParam;
        this.axis = axis;
        this.iidMasks = iidMasks;
        this.p = p;
    }

    /** Sets the source of random numbers (default: the process-wide generator). */
    void setGenerator(Generator generator) {
        this.generator = generator == null ? Generator.defaultGenerator() : generator;
    }

    /** Largest mask width parameter. */
    public int maskParam() {
        return maskParam;
    }

    /** Whether each example of a 4-D batch gets its own mask. */
    public boolean iidMasks() {
        return iidMasks;
    }

    /** The spectrogram {@code [..., freq, time]} with one band set to 0 (in training mode). */
    @Override
    public Tensor forward(Tensor specgram) {
        return forward(specgram, 0f);
    }

    /** The spectrogram {@code [..., freq, time]} with one band set to {@code maskValue} (in training mode). */
    public Tensor forward(Tensor specgram, float maskValue) {
        if (!isTraining()) return specgram;
        Signals.requireDims("masking", specgram, 2, "[..., freq, time]");
        int[] shape = specgram.shape();
        int freq = shape[shape.length - 2];
        int time = shape[shape.length - 1];
        int size = axis == 1 ? freq : time;
        int param = p == 1.0 ? maskParam : Math.min(maskParam, (int) (size * p));
        if (param < 1) return specgram;
        float[] data = specgram.toFloatArray();
        int rows = Signals.leading(shape, 2);
        Kernels k = KernelProvider.get();
        if (iidMasks && shape.length == 4) {
            for (int r = 0; r < rows; r++) {
                int[] band = drawBand(param, size);
                fillBand(k, data, r, freq, time, band[0], band[1], maskValue);
            }
        } else {
            int[] band = drawBand(param, size);
            for (int r = 0; r < rows; r++) fillBand(k, data, r, freq, time, band[0], band[1], maskValue);
        }
        return Tensor.wrap(data, shape);
    }

    /** Same as {@link #forward(Tensor)}. */
    public Tensor apply(Tensor specgram) {
        return forward(specgram);
    }

    private int[] drawBand(int param, int size) {
        float value = generator.nextFloat() * param;
        float minValue = generator.nextFloat() * (size - value);
        int start = (int) minValue;
        int end = start + (int) value;
        return new int[] {start, Math.min(end, size)};
    }

    private void fillBand(Kernels k, float[] data, int row, int freq, int time, int start, int end, float value) {
        if (end <= start) return;
        int base = row * freq * time;
        if (axis == 1) {
            k.fill(data, base + start * time, (end - start) * time, value);
        } else {
            for (int f = 0; f < freq; f++) k.fill(data, base + f * time + start, end - start, value);
        }
    }
}
