package dev.cochlea.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.SampleRates;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.FeatureConfig;
import dev.cochlea.train.FeatureExtractor;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Fuzzes the feature pipeline after decoding, as training and prediction run it on a file:
 * {@link FeatureExtractor#read}, the rate check, then {@link FeatureExtractor#extract} (mono,
 * resampling, DC removal, trimming, padding, log-mel, MFCC or PCEN). The inputs are mostly WAV
 * files that decode: odd and refused rates, 0 to thousands of frames, up to hundreds of channels,
 * every encoding, NaN, infinities and huge floats. Features must have the configuration's shape
 * and be finite: read refuses samples that are not finite or beyond
 * {@link FeatureExtractor#MAX_ABS_SAMPLE}, naming the file.
 */
class FeaturesFuzzTest extends FuzzTestBase {
    static final FuzzTarget TARGET = new Target();

    FeaturesFuzzTest() {
        super(TARGET, 1_000);
    }

    static Stream<Arguments> seeds() {
        return seedArguments(TARGET);
    }

    /** Jazzer's coverage-guided fuzzing, on demand: {@code bench/fuzz.sh features 600}. */
    @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        Fuzzer.check(TARGET, input);
    }

    static final class Target implements FuzzTarget {
        /** Log-mel at 8 kHz (the defaults), MFCC at 16 kHz with silence trimmed, PCEN at 16 kHz on half-second clips. */
        private static final FeatureExtractor[] EXTRACTORS = {
                new FeatureExtractor(FeatureConfig.defaults()),
                new FeatureExtractor(new FeatureConfig("mfcc", 16000, 16000, 512, 400, 160, 40, 20, 7600, "slaney", "slaney", 13, 0, false, 30)),
                new FeatureExtractor(new FeatureConfig("pcen", 16000, 8000, 400, 400, 160, 64, 0, 0, "htk", "none", 13, 0, true, 0))};
        private static final int[] RATES = {8000, 16000, 44100, 48000, 22050, 11025, 1000, 999, 768000, 768001, 7919, 1, 12345, 96000};
        private static final int[][] ENCODINGS = { // tag, bits
                {WavFiles.PCM, 8}, {WavFiles.PCM, 16}, {WavFiles.PCM, 24}, {WavFiles.PCM, 32}, {WavFiles.FLOAT, 32},
                {WavFiles.FLOAT, 64}, {WavFiles.MULAW, 8}, {WavFiles.ALAW, 8}};
        private List<byte[]> seeds;

        @Override
        public String name() {
            return "features";
        }

        @Override
        public synchronized List<byte[]> seeds() {
            if (seeds == null) {
                List<byte[]> s = new ArrayList<>(WavFiles.seeds());
                Random r = new Random(5);
                for (int i = 0; i < 8; i++) s.add(generate(r));
                seeds = List.copyOf(s);
            }
            return seeds;
        }

        @Override
        public long allocationLimit(int inputBytes) {
            // Bounded by the clip, not the file: the read stops after 30 s, resampling may multiply the
            // samples by up to 16 and builds filter banks of up to 16 MB (Resample.MAX_BANK_BYTES).
            return 128L * inputBytes + (128L << 20);
        }

        @Override
        public int structuredPercent() {
            return 70;
        }

        @Override
        public void run(byte[] input, Path dir) throws Exception {
            Path f = dir.resolve("input.wav");
            Files.write(f, input);
            FeatureExtractor fx = EXTRACTORS[Math.floorMod(Arrays.hashCode(input), EXTRACTORS.length)];
            FeatureConfig c = fx.config();
            AudioData a = fx.read(f);
            if (a.frames() == 0) {
                try {
                    fx.mono(a);
                } catch (IllegalArgumentException expected) {
                    return;   // documented: callers report it with the file's name
                }
                throw new AssertionError("mono accepted a recording of 0 frames");
            }
            if (a.sampleRate() != c.sampleRate()) SampleRates.check(f, a.sampleRate());
            Tensor w = fx.waveform(a);
            if (w.dim() != 1 || w.size(0) != c.clipSamples()) {
                throw new AssertionError("waveform shape " + Arrays.toString(w.shape()) + ", expected [" + c.clipSamples() + "]");
            }
            Tensor x = fx.extract(a);
            if (!Arrays.equals(x.shape(), c.inputShape())) {
                throw new AssertionError("features of shape " + Arrays.toString(x.shape()) + ", expected " + Arrays.toString(c.inputShape()));
            }
            // read refuses NaN, infinities and magnitudes above MAX_ABS_SAMPLE, so every feature must be finite.
            float[] y = x.toFloatArray();
            for (int i = 0; i < y.length; i++) {
                if (!Float.isFinite(y[i])) {
                    throw new AssertionError(c.kind() + " feature " + i + " is " + y[i] + " at " + a.sampleRate() + " Hz, "
                            + a.channels() + " channels, " + a.frames() + " frames");
                }
            }
        }

        @Override
        public byte[] mutate(byte[] x, Random r, List<byte[]> corpus) {
            return r.nextInt(3) == 0 ? WavFiles.mutate(x, r) : generate(r);
        }

        /** A WAV file that decodes, of random rate, length, channels, encoding and content. */
        static byte[] generate(Random r) {
            int[] enc = ENCODINGS[r.nextInt(ENCODINGS.length)];
            int tag = enc[0], bits = enc[1], bytes = bits / 8;
            int channels = r.nextInt(2) == 0 ? 1 : r.nextInt(4) != 0 ? 1 + r.nextInt(8) : 1 + r.nextInt(300);
            int rate = r.nextInt(4) == 0 ? 1000 + r.nextInt(767_001) : RATES[r.nextInt(RATES.length)];
            int maxFrames = (1 << 16) / (channels * bytes);
            int frames = switch (r.nextInt(5)) {
                case 0 -> r.nextInt(3);
                case 1 -> r.nextInt(300);
                default -> r.nextInt(maxFrames + 1);
            };
            ByteBuffer data = WavFiles.le(frames * channels * bytes);
            int content = r.nextInt(6);
            for (int i = 0; i < frames * channels; i++) {
                double v = switch (content) {
                    case 0 -> 0;                                                // silence
                    case 1 -> 0.25;                                             // DC
                    case 2 -> (i / channels) % 2 == 0 ? 1 : -1;                 // full-scale square
                    case 3 -> Math.sin(i * 0.05);
                    case 4 -> hostile(r);
                    default -> r.nextDouble() * 2 - 1;
                };
                put(data, tag, bits, v, r);
            }
            byte[] fmt = channels > 2 && r.nextBoolean() && tag != WavFiles.MULAW && tag != WavFiles.ALAW
                    ? WavFiles.fmtExtensible(tag, channels, rate, bits) : WavFiles.fmt(tag, channels, rate, bits, tag != WavFiles.PCM);
            return WavFiles.wav(fmt, data.array());
        }

        private static double hostile(Random r) {
            double[] v = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e30, -1e30, 1e3, 1e-40, 3e38, 1e300,
                    32768, 1e6, -1e6, 1.0000001e6, 999_999};
            return r.nextInt(3) == 0 ? v[r.nextInt(v.length)] : r.nextGaussian();
        }

        private static void put(ByteBuffer b, int tag, int bits, double v, Random r) {
            if (tag == WavFiles.FLOAT) {
                if (bits == 32) b.putFloat((float) v);
                else b.putDouble(v);
                return;
            }
            double c = Double.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v));
            switch (bits) {
                case 8 -> b.put((byte) (tag == WavFiles.PCM ? 128 + (int) Math.round(c * 127) : r.nextInt(256)));
                case 16 -> b.putShort((short) Math.round(c * 32767));
                case 24 -> {
                    int s = (int) Math.round(c * 8_388_607);
                    b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                }
                default -> b.putInt((int) Math.round(c * Integer.MAX_VALUE));
            }
        }
    }
}
