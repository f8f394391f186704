package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.Golden;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResampleTest {

    /** Max of |a - e| / (atol + rtol |e|); <= 1 means within tolerance. */
    private static double worst(float[] expected, float[] actual, double rtol, double atol, double[] maxAbs) {
        assertEquals(expected.length, actual.length, "length");
        double w = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            maxAbs[0] = Math.max(maxAbs[0], d);
            w = Math.max(w, d / (atol + rtol * Math.abs(expected[i])));
            if (Double.isNaN(d)) return Double.POSITIVE_INFINITY;
        }
        return w;
    }

    /**
     * The resample cases of {@code audio.json} ({@code reference/make_golden.py}): torchaudio's
     * {@code T.Resample(orig, new)(waveform)} (sinc_interp_hann, width 6, rolloff 0.99) of synthetic
     * signals, 8 kHz to 16 kHz and to 11,025 Hz, 16 kHz to 8 kHz and to 11,025 Hz.
     */
    @Test
    void matchesTorchaudioOnGoldenCases() {
        Golden g = Golden.audio();
        var cases = g.casesWithOp("resample");
        assertEquals(8, cases.size(), "resample cases in audio.json (2 per signal, 4 signals)");
        double worstAll = 0, maxAbsAll = 0;
        for (Golden.Case c : cases) {
            Resample r = new Resample(c.intParam("orig_freq"), c.intParam("new_freq"),
                    ResampleMethod.parse(c.stringParam("resampling_method")), c.intParam("lowpass_filter_width"),
                    c.doubleParam("rolloff"), Resample.DEFAULT_KAISER_BETA);
            Tensor x = c.input("waveform");
            Tensor expected = c.output();
            Tensor y = r.apply(x);
            assertArrayEquals(expected.shape(), y.shape(), c.label() + " shape");
            double[] maxAbs = {0};
            double w = worst(expected.toFloatArray(), y.toFloatArray(), 1e-4, 1e-5, maxAbs);
            assertTrue(w <= 1, c.label() + ": off by " + w + " x tolerance (max abs " + maxAbs[0] + ")");
            worstAll = Math.max(worstAll, w);
            maxAbsAll = Math.max(maxAbsAll, maxAbs[0]);
        }
        System.out.printf("resample golden: %d cases, worst %.3g x tolerance, max abs error %.3g%n",
                cases.size(), worstAll, maxAbsAll);
    }

    private static Tensor ramp() {
        float[] v = new float[40];
        for (int i = 0; i < v.length; i++) v[i] = (float) (Math.sin(0.3 * i) + 0.1 * (i % 7));
        return Tensor.of(v, 1, 40);
    }

    @Test
    void kaiserMatchesTorchaudio() {
        // torchaudio 0.13.1: F.resample(x, 5, 3, resampling_method="kaiser_window")
        float[] expected = {0.0503217317f, 0.639066815f, 1.16283965f, 1.5532974f, 1.15282309f, 0.681586981f, 0.441119999f,
                0.166104183f, -0.400419444f, -0.932286441f, -0.686283588f, -0.242162615f, 0.178775027f, 0.252716452f,
                0.8946594f, 1.34661078f, 1.51966763f, 0.868178725f, 0.603507817f, 0.287178934f, 0.0182781257f,
                -0.736814082f, -0.869170129f, -0.525578856f};
        Tensor y = Resample.resample(ramp(), 5, 3, ResampleMethod.SINC_INTERP_KAISER, 6, 0.99, Resample.DEFAULT_KAISER_BETA);
        assertArrayEquals(new int[] {1, 24}, y.shape());
        assertTrue(worst(expected, y.toFloatArray(), 1e-4, 1e-5, new double[1]) <= 1);
    }

    @Test
    void kaiserAndHannWithCustomWidthRolloffBetaMatchTorchaudio() {
        // torchaudio 0.13.1: F.resample(x, 3, 7, lowpass_filter_width=4, rolloff=0.9, resampling_method="kaiser_window", beta=8.0)
        float[] kaiser = {0.0115405424f, 0.139314696f, 0.322999299f, 0.508881271f, 0.670970559f, 0.81569767f, 0.953199148f,
                1.08377266f, 1.20138121f, 1.29767179f, 1.37293327f, 1.45252109f, 1.55409002f, 1.62022865f, 1.53888667f,
                1.28144121f, 0.978263855f, 0.792431653f, 0.750510395f, 0.752101779f, 0.713289797f, 0.635157168f,
                0.549600065f, 0.468111873f, 0.386287361f, 0.298147082f, 0.20249851f, 0.119358957f, 0.0793623999f,
                0.0570509955f, -0.0511664338f, -0.316734731f, -0.656969845f, -0.896516085f, -0.95326823f, -0.899266005f,
                -0.839710474f, -0.801283836f, -0.755727828f, -0.685123205f, -0.593355477f, -0.48936367f, -0.380410224f,
                -0.258547932f, -0.0946923494f, 0.108433008f, 0.263866603f, 0.267862141f, 0.143742919f, 0.0518876053f,
                0.119546868f, 0.316148847f, 0.527027488f, 0.69322592f, 0.830929518f, 0.964282274f, 1.09371996f,
                1.20993423f, 1.30430055f, 1.3775264f, 1.45500219f, 1.55441833f, 1.61839855f, 1.53492892f, 1.27542138f,
                0.970280111f, 0.782616675f, 0.739025712f, 0.739137471f, 0.699059486f, 0.619896054f, 0.533560157f,
                0.451557457f, 0.369492173f, 0.281388164f, 0.186052501f, 0.103497714f, 0.0643471554f, 0.043129839f,
                -0.0637635291f, -0.327799916f, -0.666320264f, -0.90399766f, -0.958757222f, -0.902719378f, -0.841082275f,
                -0.799967051f, -0.750841618f, -0.680062175f, -0.595324278f, -0.49181959f, -0.352324277f, -0.186130047f,
                -0.0441723689f};
        // F.resample(x, 3, 7, lowpass_filter_width=4, rolloff=0.9)
        float[] hann = {0.0126180919f, 0.138907865f, 0.323093355f, 0.511719167f, 0.674508214f, 0.818239152f, 0.952437937f,
                1.08478367f, 1.20365036f, 1.29546511f, 1.36609936f, 1.45022762f, 1.56085706f, 1.62668335f, 1.53967977f,
                1.28138292f, 0.98025465f, 0.788901865f, 0.744096875f, 0.752292275f, 0.720993996f, 0.640998602f,
                0.548817992f, 0.467954904f, 0.388008118f, 0.2982077f, 0.195886433f, 0.114267886f, 0.083302848f,
                0.0642518997f, -0.0488944277f, -0.317885727f, -0.655441344f, -0.898023009f, -0.960364103f, -0.902386725f,
                -0.834176064f, -0.794200659f, -0.754769981f, -0.686787128f, -0.591884553f, -0.488489747f, -0.385121882f,
                -0.265401542f, -0.0942282975f, 0.116341233f, 0.267695487f, 0.267573714f, 0.144215092f, 0.0526095368f,
                0.114110976f, 0.31055814f, 0.530766845f, 0.700980961f, 0.834772348f, 0.962837815f, 1.0945636f,
                1.21220469f, 1.30210042f, 1.37068689f, 1.45271599f, 1.56118059f, 1.62485659f, 1.53572071f, 1.27535808f,
                0.972273111f, 0.77907896f, 0.732614398f, 0.739321053f, 0.706762671f, 0.625732958f, 0.532773614f,
                0.451396823f, 0.371208459f, 0.281444192f, 0.179436937f, 0.0984020233f, 0.0682832822f, 0.0503298566f,
                -0.061498262f, -0.328948528f, -0.66479969f, -0.9055022f, -0.965857506f, -0.905861557f, -0.835627258f,
                -0.79271692f, -0.74867785f, -0.681914628f, -0.598346889f, -0.49462238f, -0.352852583f, -0.185163185f,
                -0.044735454f};
        Tensor yk = Resample.resample(ramp(), 3, 7, ResampleMethod.SINC_INTERP_KAISER, 4, 0.9, 8.0);
        Tensor yh = Resample.resample(ramp(), 3, 7, ResampleMethod.SINC_INTERP_HANN, 4, 0.9, 8.0);
        assertTrue(worst(kaiser, yk.toFloatArray(), 1e-4, 1e-5, new double[1]) <= 1);
        assertTrue(worst(hann, yh.toFloatArray(), 1e-4, 1e-5, new double[1]) <= 1);
    }

    /** The amplitude of the component of {@code x[from, to)} at {@code freq} Hz (a one-bin DFT). */
    private static double amplitude(float[] x, int from, int to, double freq, int rate) {
        double re = 0, im = 0;
        for (int i = from; i < to; i++) {
            double ph = 2 * Math.PI * freq * i / rate;
            re += x[i] * Math.cos(ph);
            im += x[i] * Math.sin(ph);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }

    @Test
    void sineKeepsItsFrequencyAndAmplitude() {
        int rate = 8000, n = 4000;
        double f = 440;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (0.5 * Math.sin(2 * Math.PI * f * i / rate));
        Tensor x = Tensor.of(v, n);
        for (int target : new int[] {16000, 11025, 6000, 22050}) {
            Tensor y = Resample.resample(x, rate, target);
            int m = y.size(0);
            assertEquals((int) Math.ceil((double) target * n / rate), m, "length at " + target);
            float[] out = y.toFloatArray();
            int from = m / 10, to = m - m / 10; // away from the edges
            double a = amplitude(out, from, to, f, target);
            assertEquals(0.5, a, 0.01, "amplitude of 440 Hz at " + target + " Hz");
            double off = amplitude(out, from, to, f * 1.1, target);
            assertTrue(off < 0.02, "energy off the tone at " + target + " Hz: " + off);
        }
    }

    @Test
    void downsamplingRemovesWhatIsAboveTheNewNyquist() {
        int rate = 16000, n = 8000;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (Math.sin(2 * Math.PI * 500 * i / rate) + Math.sin(2 * Math.PI * 6000 * i / rate));
        float[] out = Resample.resample(Tensor.of(v, n), rate, 8000).toFloatArray();
        int from = out.length / 10, to = out.length - out.length / 10;
        assertEquals(1.0, amplitude(out, from, to, 500, 8000), 0.02);
        // 6 kHz would alias to 2 kHz at 8 kHz.
        assertTrue(amplitude(out, from, to, 2000, 8000) < 0.01);
    }

    @Test
    void shapesBatchesAndIdentity() {
        Tensor x = Tensor.randn(2, 3, 101);
        Tensor y = Resample.resample(x, 44100, 16000);
        assertArrayEquals(new int[] {2, 3, (int) Math.ceil(16000.0 * 101 / 44100)}, y.shape());
        // Each row is resampled on its own.
        Tensor row = Resample.resample(x.select(0, 1).select(0, 2).contiguous(), 44100, 16000);
        assertArrayEquals(row.toFloatArray(), y.select(0, 1).select(0, 2).contiguous().toFloatArray());
        assertSame(x, Resample.resample(x, 16000, 16000));
        Resample r = new Resample(16000, 8000);
        assertEquals(2, r.reducedOrigFreq());
        assertEquals(1, r.reducedNewFreq());
        assertEquals(0, Resample.resample(Tensor.zeros(1, 0), 8000, 16000).size(1));
        assertThrows(IllegalArgumentException.class, () -> new Resample(0, 8000));
        assertThrows(IllegalArgumentException.class, () -> new Resample(8000, 16000, ResampleMethod.SINC_INTERP_HANN, 0, 0.99, 0));
        assertThrows(IllegalArgumentException.class, () -> ResampleMethod.parse("linear"));
        assertEquals(ResampleMethod.SINC_INTERP_HANN, ResampleMethod.parse("sinc_interpolation"));
        assertEquals(ResampleMethod.SINC_INTERP_KAISER, ResampleMethod.parse("kaiser_window"));
    }

    @Test
    void besselI0() {
        assertEquals(1.0, Resample.besselI0(0), 0);
        assertEquals(1.2660658777520082, Resample.besselI0(1), 1e-15);
        assertEquals(2815.716628466254, Resample.besselI0(10), 1e-9);
    }

    @Test
    void worksAsAModuleInsideSequential() {
        dev.cochlea.nn.Sequential front = new dev.cochlea.nn.Sequential(new Resample(8000, 16000));
        Tensor x = Tensor.randn(new dev.cochlea.tensor.Generator(2), 2, 1, 400);
        Tensor y = front.forward(x);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {2, 1, 800}, y.shape());
        org.junit.jupiter.api.Assertions.assertTrue(front.toString().contains("Resample(orig_freq=8000, new_freq=16000)"), front.toString());
    }
}
