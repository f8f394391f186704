package dev.cochlea.audio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.Golden;
import dev.cochlea.testing.TensorAssert;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Parity with torchaudio 0.13 / torch 1.13 on every spectral case of {@code audio.json}
 * ({@code reference/make_golden.py}: spectrogram, mel, mfcc, amplitude_to_db, stft of four synthetic
 * signals at 8 and 16 kHz; the resample and load cases are tested elsewhere), built from each case's
 * parameters. Each test is named after its case and the torchaudio call that produced it, e.g.
 * {@code tone8k.mel_slaney: T.MelSpectrogram(sample_rate=8000, n_fft=512, ...)(waveform)}.
 */
class SpectralGoldenTest {

    @TestFactory
    List<DynamicTest> everySpectralCase() {
        Golden g = Golden.audio();
        List<DynamicTest> tests = new ArrayList<>();
        for (Golden.Case c : g.cases()) {
            if (c.op().equals("resample") || c.op().equals("load")) continue;
            tests.add(DynamicTest.dynamicTest(c.label(), () -> check(c)));
        }
        assertFalse(tests.isEmpty(), "no spectral cases in audio.json");
        assertEquals(28, tests.size(), "spectral cases in audio.json (7 per signal, 4 signals)");
        return tests;
    }

    private static void check(Golden.Case c) {
        switch (c.op()) {
            case "spectrogram" -> compare(c, "output", spectrogram(c.params()).forward(c.input("waveform")));
            case "mel" -> compare(c, "output", melSpectrogram(c.params()).forward(c.input("waveform")));
            case "mfcc" -> compare(c, "output", mfcc(c.params()).forward(c.input("waveform")), MFCC_ATOL_SCALE);
            case "amplitude_to_db" -> compare(c, "output", amplitudeToDb(c.params()).forward(c.input("input")));
            case "stft" -> {
                ComplexSpectrum s = stft(c.params()).apply(c.input("waveform").select(0, 0));
                compare(c, "real", s.real());
                compare(c, "imag", s.imag());
            }
            default -> throw new AssertionError("unknown op " + c.op() + " in case " + c.label());
        }
    }

    /**
     * MFCC coefficients are sums of 40 decibel values of magnitude ~100 with cancellation, so their
     * float32 rounding is absolute, relative to that scale: torch's own float32 MFCC of the reference
     * signals is up to 7e-5 away from its float64 result (chirp8k, max |value| 106), above
     * reference/README.md's 1e-5. For MFCC the absolute tolerance is therefore
     * {@code max(1e-5, 1e-6 * max|expected|)}.
     */
    static final double MFCC_ATOL_SCALE = 1e-6;

    static void compare(Golden.Case c, String output, Tensor actual) {
        compare(c, output, actual, 0);
    }

    /**
     * torch.allclose-style comparison with the README's single-op tolerances (rtol 1e-4, atol 1e-5),
     * the absolute one raised to {@code atolScale * max|expected|} where given. Run with
     * {@code -Dcochlea.golden.verbose=true} to print the worst errors of each case.
     */
    static void compare(Golden.Case c, String output, Tensor actual, double atolScale) {
        Tensor expected = c.output(output);
        float[] e = expected.toFloatArray();
        double scale = 0;
        for (float v : e) scale = Math.max(scale, Math.abs(v));
        double atol = Math.max(TensorAssert.ATOL, atolScale * scale);
        if (Boolean.getBoolean("cochlea.golden.verbose")) {
            float[] a = actual.toFloatArray();
            double maxAbs = 0, maxRel = 0;
            for (int i = 0; i < Math.min(a.length, e.length); i++) {
                double d = Math.abs(a[i] - e[i]);
                maxAbs = Math.max(maxAbs, d);
                if (Math.abs(e[i]) > 1e-3 * scale) maxRel = Math.max(maxRel, d / Math.abs(e[i]));
            }
            System.out.printf(Locale.ROOT, "%-45s max|e|=%.3g  max abs err=%.3g (%.2g of max)  max rel err (|e|>1e-3 max)=%.3g%n",
                    c.name() + "." + output, scale, maxAbs, maxAbs / scale, maxRel);
        }
        TensorAssert.assertClose(expected, actual, TensorAssert.RTOL, atol, c.label() + " " + output);
    }

    /** The STFT parameters of a case, read once for every transform that frames a signal. */
    static StftOptions stftOptions(JsonNode p) {
        StftOptions o = StftOptions.of(p.get("n_fft").asInt()).hopLength(p.get("hop_length").asInt());
        if (p.has("win_length")) o = o.winLength(p.get("win_length").asInt());
        if (p.has("window")) o = o.window(Windows.Kind.valueOf(p.get("window").asText().toUpperCase(Locale.ROOT)));
        if (p.has("center")) o = o.center(p.get("center").asBoolean());
        if (p.has("pad_mode")) o = o.padMode(PadMode.of(p.get("pad_mode").asText()));
        if (p.has("onesided")) o = o.onesided(p.get("onesided").asBoolean());
        // torchaudio's transforms read normalized=True as the window's L2 norm
        if (p.has("normalized")) o = o.normalized(StftOptions.Normalization.of(p.get("normalized").asText()));
        return o;
    }

    static Spectrogram spectrogram(JsonNode p) {
        return new Spectrogram(Spectrogram.options().stft(stftOptions(p)).power(p.get("power").asDouble()));
    }

    static MelSpectrogram melSpectrogram(JsonNode p) {
        return new MelSpectrogram(MelSpectrogram.options().stft(stftOptions(p)).sampleRate(p.get("sample_rate").asInt())
                .fMin(p.get("f_min").asDouble()).fMax(p.get("f_max").asDouble()).nMels(p.get("n_mels").asInt())
                .melScale(MelScale.Scale.valueOf(p.get("mel_scale").asText().toUpperCase(Locale.ROOT)))
                .norm(p.get("norm").isNull() ? MelScale.Norm.NONE : MelScale.Norm.valueOf(p.get("norm").asText().toUpperCase(Locale.ROOT)))
                .power(p.get("power").asDouble()));
    }

    static Mfcc mfcc(JsonNode p) {
        assertEquals(2, p.get("dct_type").asInt());
        assertEquals(80.0, p.get("top_db").asDouble(), "torchaudio's MFCC fixes top_db at 80");
        return new Mfcc(Mfcc.options().sampleRate(p.get("sample_rate").asInt()).nMfcc(p.get("n_mfcc").asInt())
                .norm(p.get("norm").asText().equals("ortho") ? Mfcc.DctNorm.ORTHO : Mfcc.DctNorm.NONE)
                .logMels(p.get("log_mels").asBoolean())
                .melSpectrogram(MelSpectrogram.options().stft(stftOptions(p)).nMels(p.get("n_mels").asInt())));
    }

    static AmplitudeToDB amplitudeToDb(JsonNode p) {
        AmplitudeToDB db = new AmplitudeToDB(AmplitudeToDB.options()
                .stype(AmplitudeToDB.SType.valueOf(p.get("stype").asText().toUpperCase(Locale.ROOT)))
                .topDb(p.get("top_db").isNull() ? null : p.get("top_db").asDouble())
                .amin(p.get("amin").asDouble()).ref(p.get("ref_value").asDouble()));
        assertEquals(p.get("multiplier").asDouble(), db.multiplier());
        return db;
    }

    static Stft stft(JsonNode p) {
        return new Stft(stftOptions(p));
    }
}
