package dev.cochlea.audio;

import dev.cochlea.kernels.SpectralKernels;
import dev.cochlea.tensor.Tensor;

import java.util.Arrays;

/**
 * A complex spectrum held as two real tensors of the same shape, typically
 * {@code [..., freq, frames]} from {@link Stft}: PyTorch's complex {@code stft} output split into
 * {@code .real} and {@code .imag}.
 *
 * <pre>{@code
 * ComplexSpectrum s = new Stft(StftOptions.of(512).hopLength(128).window(Windows.hann(512))).apply(wave);
 * Tensor mag = s.magnitude();       // |X|      ([..., 257, frames])
 * Tensor pow = s.power();           // |X|^2
 * Tensor ph  = s.phase();           // angle in radians
 * Tensor ri  = s.viewAsReal();      // [..., 257, frames, 2] like torch.view_as_real
 * ComplexSpectrum again = ComplexSpectrum.polar(mag, ph);
 * }</pre>
 *
 * @param real the real parts
 * @param imag the imaginary parts, same shape as {@code real}
 */
public record ComplexSpectrum(Tensor real, Tensor imag) {
    /** Checks that both parts are present and of the same shape. */
    public ComplexSpectrum {
        if (real == null || imag == null) throw new IllegalArgumentException("complex spectrum: real and imag must be non-null");
        if (!Arrays.equals(real.shape(), imag.shape())) {
            throw new IllegalArgumentException("complex spectrum: real shape " + Arrays.toString(real.shape())
                    + " differs from imag shape " + Arrays.toString(imag.shape()));
        }
    }

    /** The shape of each part. */
    public int[] shape() {
        return real.shape();
    }

    /** The magnitude {@code |X|} ({@code X.abs()}). */
    public Tensor magnitude() {
        return pow(1.0);
    }

    /** The power {@code |X|^2}. */
    public Tensor power() {
        return pow(2.0);
    }

    /** {@code |X|^exponent} ({@code X.abs().pow(exponent)}). */
    public Tensor pow(double exponent) {
        Tensor r = Signals.floatContiguous(real);
        Tensor i = Signals.floatContiguous(imag);
        int n = r.numel();
        float[] out = new float[n];
        SpectralKernels.complexPower(r.storage(), r.offset(), i.storage(), i.offset(), out, 0, n, exponent);
        return Tensor.wrap(out, r.shape());
    }

    /** The phase {@code atan2(imag, real)} in radians ({@code X.angle()}). */
    public Tensor phase() {
        Tensor r = Signals.floatContiguous(real);
        Tensor i = Signals.floatContiguous(imag);
        int n = r.numel();
        float[] out = new float[n];
        SpectralKernels.complexAngle(r.storage(), r.offset(), i.storage(), i.offset(), out, 0, n);
        return Tensor.wrap(out, r.shape());
    }

    /** Real and imaginary parts stacked on a new last dimension of size 2 ({@code torch.view_as_real}). */
    public Tensor viewAsReal() {
        Tensor r = Signals.floatContiguous(real);
        Tensor i = Signals.floatContiguous(imag);
        int n = r.numel();
        float[] out = new float[2 * n];
        SpectralKernels.interleave(r.storage(), r.offset(), i.storage(), i.offset(), out, 0, n);
        return Tensor.wrap(out, Signals.replaceLast(r.shape(), 0, 2));
    }

    /** The inverse of {@link #viewAsReal()}: splits a {@code [..., 2]} tensor into real and imaginary parts. */
    public static ComplexSpectrum viewAsComplex(Tensor t) {
        int[] shape = t.shape();
        if (shape.length == 0 || shape[shape.length - 1] != 2) {
            throw new IllegalArgumentException("view_as_complex: expected a last dimension of size 2, found shape "
                    + Arrays.toString(shape));
        }
        Tensor c = Signals.floatContiguous(t);
        int n = c.numel() / 2;
        float[] re = new float[n];
        float[] im = new float[n];
        SpectralKernels.deinterleave(c.storage(), c.offset(), re, im, n);
        int[] s = Arrays.copyOf(shape, shape.length - 1);
        return new ComplexSpectrum(Tensor.wrap(re, s), Tensor.wrap(im, s));
    }

    /** {@code magnitude * e^(i phase)} ({@code torch.polar}). */
    public static ComplexSpectrum polar(Tensor magnitude, Tensor phase) {
        if (!Arrays.equals(magnitude.shape(), phase.shape())) {
            throw new IllegalArgumentException("polar: magnitude shape " + Arrays.toString(magnitude.shape())
                    + " differs from phase shape " + Arrays.toString(phase.shape()));
        }
        Tensor m = Signals.floatContiguous(magnitude);
        Tensor p = Signals.floatContiguous(phase);
        int n = m.numel();
        float[] re = new float[n];
        float[] im = new float[n];
        SpectralKernels.polar(m.storage(), m.offset(), p.storage(), p.offset(), re, im, n);
        return new ComplexSpectrum(Tensor.wrap(re, magnitude.shape()), Tensor.wrap(im, magnitude.shape()));
    }

    /** Both parts multiplied by a real scalar. */
    public ComplexSpectrum mul(float s) {
        return new ComplexSpectrum(real.mul(s), imag.mul(s));
    }
}
