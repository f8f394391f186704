package dev.cochlea.kernels;

/**
 * One short-time Fourier transform call as {@link Kernels#stftFrames} reads it: {@code batch} signals
 * of {@code len} samples, signal {@code b} at {@code x[xOff + b * xStride ..]}, cut into {@code frames}
 * frames of {@code nFft} samples {@code hop} apart. Frame {@code t} holds padded positions
 * {@code [t * hop, t * hop + nFft)}; padded position {@code p} is signal sample {@code p - padLeft},
 * made up by {@code pad} outside the signal. Each frame is multiplied by {@code window} ({@code nFft}
 * values), transformed, and scaled by {@code scale}. With {@code power} NaN the complex bins go to
 * {@code outRe}/{@code outIm}; otherwise {@code |X|^power} goes to {@code outRe} and {@code outIm} is
 * unused (may be null). Output layout: {@code [batch, freqs, frames]} at {@code outOff}, where
 * {@code freqs} is {@code nFft / 2 + 1} (one-sided) or {@code nFft}.
 *
 * <p>Work is counted in items: item {@code b * frames + t} is frame {@code t} of signal {@code b}.
 *
 * <pre>{@code
 * StftFrames s = new StftFrames(x, 0, len, len, 256, SpectralKernels.Pad.REFLECT, window, 512, 128,
 *         frames, 257, 1.0, 2.0, power, null, 0);
 * KernelProvider.get().stftFrames(s, 0, frames); // all frames of one signal
 * }</pre>
 */
public record StftFrames(float[] x, int xOff, int xStride, int len, int padLeft, SpectralKernels.Pad pad,
                         float[] window, int nFft, int hop, int frames, int freqs, double scale, double power,
                         float[] outRe, float[] outIm, int outOff) {

    /** Whether the complex bins are written ({@code power} is NaN) rather than {@code |X|^power}. */
    public boolean complex() {
        return Double.isNaN(power);
    }

    /**
     * Frame {@code t} of signal {@code b}, windowed, in double: {@code out[outOff + j]} for
     * {@code j} in {@code [0, nFft)} is padded position {@code t * hop + j} times {@code window[j]},
     * with samples outside the signal made up by {@link #pad}.
     */
    void frame(int b, int t, double[] out, int outOff) {
        int sig = xOff + b * xStride;
        int start = t * hop - padLeft;
        if (start >= 0 && start + nFft <= len) {
            for (int j = 0; j < nFft; j++) out[outOff + j] = (double) x[sig + start + j] * window[j];
        } else {
            for (int j = 0; j < nFft; j++) {
                int i = SpectralKernels.padIndex(start + j, len, pad);
                out[outOff + j] = i < 0 ? 0.0 : (double) x[sig + i] * window[j];
            }
        }
    }

    /** Where bin {@code k} of frame {@code t} of signal {@code b} goes in {@link #outRe} (and {@link #outIm}). */
    int outIndex(int b, int k, int t) {
        return outOff + (b * freqs + k) * frames + t;
    }
}
