package dev.cochlea.audio.augment;

import dev.cochlea.kernels.Fft;

/** Test signals and measurements for the augmentation tests. */
final class Signals {
    private Signals() {}

    static float[] sine(double hz, int sr, int n, double amp) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / sr));
        return x;
    }

    /** Some speech-like test clip: two sines with an envelope plus a little noise-free chirp. */
    static float[] clip(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 8000.0;
            x[i] = (float) ((0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * (700 + 400 * t) * t))
                    * (0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t)));
        }
        return x;
    }

    /** The dominant frequency in Hz (peak of a Hann-windowed, 16x zero-padded FFT). */
    static double peakHz(float[] x, int sr) {
        int n = x.length;
        int len = Integer.highestOneBit(n) * 32;
        double[] buf = new double[len];
        for (int i = 0; i < n; i++) buf[i] = x[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        Fft fft = Fft.of(len);
        double[] re = new double[fft.bins()], im = new double[fft.bins()];
        fft.rfft(buf, 0, re, im);
        int best = 1;
        for (int k = 1; k < re.length; k++) if (re[k] * re[k] + im[k] * im[k] > re[best] * re[best] + im[best] * im[best]) best = k;
        return (double) best * sr / len;
    }

    static double powerDb(float[] x) {
        double s = 0;
        for (float v : x) s += (double) v * v;
        return 10 * Math.log10(s / x.length);
    }

    /** RT60 from the Schroeder backward integral of {@code h[from..)}, fitted between -5 and -25 dB. */
    static double rt60(float[] h, int from, int sr) {
        int n = h.length - from;
        double[] edc = new double[n];
        double acc = 0;
        for (int i = n - 1; i >= 0; i--) {
            acc += (double) h[from + i] * h[from + i];
            edc[i] = acc;
        }
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int cnt = 0;
        for (int i = 0; i < n; i++) {
            double db = 10 * Math.log10(edc[i] / edc[0]);
            if (db <= -5 && db >= -25) {
                double t = (double) i / sr;
                sx += t; sy += db; sxx += t * t; sxy += t * db;
                cnt++;
            }
        }
        double slope = (cnt * sxy - sx * sy) / (cnt * sxx - sx * sx);
        return -60 / slope;
    }
}
