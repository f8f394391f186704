package dev.cochlea.kernels;

/**
 * The short-time Fourier transform frame by frame through the scalar FFT executor {@link Fft}
 * (double precision, any length): the scalar {@link Kernels#stftFrames}, and the vector one's
 * fallback for lengths the four-lane executor has no plan for. A block of up to {@link #BLOCK}
 * frames of one signal is framed ({@link StftFrames#frame}) and transformed, then written bin by
 * bin, so each bin's row of the {@code [freqs, frames]} output receives consecutive values.
 *
 * <pre>{@code
 * ScalarStft.frames(job, 0, job.frames()); // every frame of the first signal
 * }</pre>
 */
final class ScalarStft {
    /** Frames transformed together before their bins are written out. */
    private static final int BLOCK = 16;

    private ScalarStft() {}

    /** Items {@code [from, to)} of {@code s} (see {@link StftFrames}). */
    static void frames(StftFrames s, int from, int to) {
        final int nFft = s.nFft(), frames = s.frames(), freqs = s.freqs();
        final float[] outRe = s.outRe(), outIm = s.outIm();
        final double scale = s.scale(), power = s.power();
        final boolean complex = s.complex();
        Fft fft = Fft.of(nFft);
        int bins = fft.bins();
        double[] frame = new double[nFft];
        double[] re = new double[BLOCK * bins];
        double[] im = new double[BLOCK * bins];
        double[] ws = new double[fft.realWorkspaceSize()];
        int item = from;
        while (item < to) {
            int b = item / frames;
            int t0 = item - b * frames;
            int count = Math.min(Math.min(BLOCK, to - item), frames - t0);
            for (int c = 0; c < count; c++) {
                s.frame(b, t0 + c, frame, 0);
                fft.rfft(frame, 0, re, c * bins, im, c * bins, ws, 0);
            }
            for (int k = 0; k < freqs; k++) {
                int src = k < bins ? k : nFft - k;
                double sign = k < bins ? 1.0 : -1.0; // X[n - k] = conj X[k] for a real frame
                int row = s.outIndex(b, k, t0);
                if (complex) {
                    for (int c = 0; c < count; c++) {
                        outRe[row + c] = (float) (re[c * bins + src] * scale);
                        outIm[row + c] = (float) (sign * im[c * bins + src] * scale);
                    }
                } else {
                    for (int c = 0; c < count; c++) {
                        outRe[row + c] = (float) SpectralKernels.powerOf(re[c * bins + src] * scale,
                                im[c * bins + src] * scale, power);
                    }
                }
            }
            item += count;
        }
    }
}
