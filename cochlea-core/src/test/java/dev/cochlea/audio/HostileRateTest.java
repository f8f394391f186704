package dev.cochlea.audio;

import dev.cochlea.data.AudioItem;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.FeatureConfig;
import dev.cochlea.train.FeatureExtractor;
import dev.cochlea.train.WaveformSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Issue #13 B1: rates with a small common divisor cost bounded memory, absurd rates are refused per file. */
class HostileRateTest {
    @TempDir
    Path dir;

    /** A 16-bit mono WAV of {@code n} samples of a two-tone signal whose header declares {@code rate} Hz. */
    static Path wav(Path file, int rate, int n) throws IOException {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (0.4 * Math.sin(0.05 * i) + 0.3 * Math.sin(0.7 * i + 1));
        Wav.write16(file, Tensor.of(v, 1, n), 8000);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(rate).putInt((int) (2L * rate)).flip();
            ch.write(b, 24);   // the 'fmt ' chunk's sample rate and byte rate
        }
        return file;
    }

    /**
     * {@code sinc_interp_hann} evaluated directly in double precision: output {@code m} is
     * {@code sum_i x[i] * h(i / orig - m / new)} over the input samples within the window.
     */
    static double direct(float[] x, long orig, long neu, long m) {
        int lpw = Resample.DEFAULT_LOWPASS_FILTER_WIDTH;
        double base = Math.min(orig, neu) * Resample.DEFAULT_ROLLOFF;
        double scale = base / orig;
        double centre = (double) m * orig / neu;
        double reach = lpw * orig / base + 2;
        long lo = Math.max(0, (long) Math.floor(centre - reach)), hi = Math.min(x.length - 1, (long) Math.ceil(centre + reach));
        double sum = 0;
        for (long i = lo; i <= hi; i++) {
            double t = base * (double) (i * neu - m * orig) / ((double) orig * neu);
            if (Math.abs(t) >= lpw) continue;
            double c = Math.cos(t * Math.PI / lpw / 2);
            double sinc = t == 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
            sum += x[(int) i] * sinc * c * c * scale;
        }
        return sum;
    }

    /** The largest |resampled - direct| over every output sample. */
    static double maxError(float[] x, int orig, int neu, float[] y) {
        double worst = 0;
        for (int m = 0; m < y.length; m++) worst = Math.max(worst, Math.abs(y[m] - direct(x, orig, neu, m)));
        return worst;
    }

    @Test
    void coprimeRatesResampleWithABoundedBankAndCorrectValues() throws IOException {
        for (int rate : new int[] {44_101, 96_001}) {
            // A 4.6 KB file: fewer outputs than phases, so the taps are computed per output and no bank is built.
            AudioData small = Wav.read(wav(dir.resolve("small" + rate + ".wav"), rate, 2300));
            assertEquals(rate, small.sampleRate());
            Resample r = new Resample(rate, 8000);
            Resample.clearCache();
            float[] x = small.waveform().toFloatArray();
            float[] y = r.apply(small.waveform()).toFloatArray();
            assertEquals(0, Resample.cachedBanks(), "no bank for " + x.length + " samples at " + rate + " Hz");
            double errSmall = maxError(x, rate, 8000, y);

            // Two seconds: more outputs than phases, so the bank is built and cached; the bank stays small.
            AudioData big = Wav.read(wav(dir.resolve("big" + rate + ".wav"), rate, 2 * rate));
            float[] xb = big.waveform().toFloatArray();
            float[] yb = r.apply(big.waveform()).toFloatArray();
            assertEquals(16000, yb.length);
            assertEquals(1, Resample.cachedBanks());
            assertEquals(r.bankBytes(), Resample.cachedBytes());
            assertTrue(r.bankBytes() > 0 && r.bankBytes() <= 5L << 20, rate + " Hz: bank of " + r.bankBytes() + " bytes");
            double errBig = maxError(xb, rate, 8000, yb);
            System.out.printf("resample %d -> 8000 Hz: bank %d bytes, max abs error vs direct double evaluation %.3g (per-output taps) %.3g (bank)%n",
                    rate, r.bankBytes(), errSmall, errBig);
            assertTrue(errSmall < 1e-4 && errBig < 1e-4, rate + " Hz: off by " + errSmall + " / " + errBig);
            // Both ways give the same values on the same input.
            float[] viaBank = r.apply(Tensor.of(java.util.Arrays.copyOf(xb, 2300), 1, 2300).repeat(20, 1)).toFloatArray();
            for (int m = 0; m < y.length; m++) assertEquals(y[m], viaBank[m], 0f, "sample " + m);
        }
    }

    @Test
    void aBankAboveTheLimitIsNeverBuilt() {
        Resample r = new Resample(700_001, 8000);
        assertEquals(0, r.bankBytes());
        Resample.clearCache();
        float[] x = new float[80_000];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(0.001 * i);
        float[] y = r.apply(Tensor.of(x, x.length)).toFloatArray();
        assertEquals(0, Resample.cachedBanks());
        assertTrue(maxError(x, 700_001, 8000, y) < 1e-4);
    }

    @Test
    void theCacheStaysBoundedAfterManyDistinctRates() {
        Resample.clearCache();
        long largest = 0;
        for (int rate = 44_101; rate < 44_121; rate++) {
            Resample r = new Resample(rate, 8000);
            r.apply(Tensor.zeros(rate + 1));
            largest = Math.max(largest, r.bankBytes());
            assertTrue(Resample.cachedBanks() <= Resample.CACHE_BANKS, Resample.cachedBanks() + " banks");
        }
        assertEquals(Resample.CACHE_BANKS, Resample.cachedBanks());
        assertTrue(Resample.cachedBytes() <= Resample.CACHE_BANKS * largest);
        // Banks of nearly 16 MiB: the byte budget binds before the count.
        for (int rate : new int[] {300_007, 300_011, 300_017, 300_023}) {
            Resample r = new Resample(rate, 8000);
            assertTrue(r.bankBytes() > 12L << 20, rate + ": " + r.bankBytes());
            r.apply(Tensor.zeros(rate + 38));
            assertTrue(Resample.cachedBytes() <= Resample.CACHE_BYTES, Resample.cachedBytes() + " bytes");
        }
        assertTrue(Resample.cachedBanks() < Resample.CACHE_BANKS);
        System.out.printf("resample cache after 24 distinct rates: %d banks, %d bytes%n", Resample.cachedBanks(), Resample.cachedBytes());
    }

    @Test
    void absurdRatesAreRefusedWithTheFileNamed() throws IOException {
        for (long rate : new long[] {1, 999, 768_001, 10_000_000}) {
            Path f = dir.resolve("r" + rate + ".wav");
            AudioFormatException e = assertThrows(AudioFormatException.class, () -> SampleRates.check(f, rate));
            assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains(rate + " Hz")
                    && e.getMessage().contains("1000 to 768000 Hz"), e.getMessage());
        }
        SampleRates.check(dir.resolve("ok.wav"), 1000);
        SampleRates.check(dir.resolve("ok.wav"), 768_000);
        // A header declaring 0 Hz is refused by the reader itself.
        Path zero = wav(dir.resolve("zero.wav"), 0, 100);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Wav.read(zero));
        assertTrue(e.getMessage().startsWith(zero.toString()) && e.getMessage().contains("0 Hz"), e.getMessage());
    }

    @Test
    void oneHostileFileIsListedAndTheOthersDecode() throws IOException {
        List<AudioItem> items = new ArrayList<>();
        items.add(new AudioItem(wav(dir.resolve("good.wav"), 8000, 4000), "a", "good", 0));
        items.add(new AudioItem(wav(dir.resolve("odd.wav"), 44_101, 4600), "a", "odd", 1));
        items.add(new AudioItem(wav(dir.resolve("one-hertz.wav"), 1, 2300), "a", "one", 2));
        items.add(new AudioItem(wav(dir.resolve("ten-megahertz.wav"), 10_000_000, 2300), "a", "ten", 3));
        FeatureExtractor fx = new FeatureExtractor(FeatureConfig.defaults());
        WaveformSet set = WaveformSet.decode(items, Map.of("a", 0), fx, 8000);
        assertEquals(2, set.size());
        assertEquals(2, set.failures().size(), set.failures().toString());
        String all = String.join("\n", set.failures());
        assertTrue(all.contains("one-hertz.wav: sample rate 1 Hz is outside the accepted range"), all);
        assertTrue(all.contains("ten-megahertz.wav: sample rate 10000000 Hz"), all);
        assertFalse(all.contains("one-hertz.wav: " + dir), "the path is not repeated: " + all);
    }
}
