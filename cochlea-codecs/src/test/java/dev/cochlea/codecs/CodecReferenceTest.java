package dev.cochlea.codecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioDecoder;
import dev.cochlea.audio.AudioEncoding;
import dev.cochlea.audio.AudioInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every reference file read through {@link Audio#read} and {@link Audio#info} (the decoder chosen
 * from the content, found through ServiceLoader) against what libsndfile 1.2.0 reads from it:
 * {@code soundfile.read(path, dtype='float32', always_2d=True)} (each case names its call; see
 * reference/make_codec_reference.py). Frames, rate and channels must be equal; samples are compared
 * one by one over the first 2,000 frames, the last 128 and a range read from a third of the way in:
 * FLAC exactly (and the SHA-256 of the whole read), the lossy codecs within what two correct
 * decoders differ by (docs/audio-conventions.md):
 *
 * <ul>
 *   <li>MP3 and Vorbis: 1e-4. mpg123 against LAME's own decoder (16-bit output) differ by 3.0e-5;
 *       JLayer against mpg123 measures 6e-7, JOrbis against libvorbis 2.4e-7.</li>
 *   <li>Opus: 1e-3 (RMS of the difference 2e-4): Concentus is libopus's fixed-point decoder with
 *       16-bit output, libsndfile uses the float one; they differ by up to 3.2e-4 (RMS 8e-5).</li>
 * </ul>
 */
class CodecReferenceTest {
    private static final Map<String, Double> MAX_ABS = Map.of("FLAC", 0.0, "MP3", 1e-4, "VORBIS", 1e-4, "OPUS", 1e-3);
    /** For the whole-read statistics; FLAC's are sums in another order than numpy's, its samples are checked by SHA-256. */
    private static final Map<String, Double> MAX_RMS = Map.of("FLAC", 1e-9, "MP3", 1e-4, "VORBIS", 1e-4, "OPUS", 2e-4);
    private static final Map<String, Class<? extends AudioDecoder>> DECODERS = Map.of(
            "FLAC", FlacDecoder.class, "MP3", Mp3Decoder.class, "VORBIS", OggVorbisDecoder.class, "OPUS", OggOpusDecoder.class);
    private static final Map<String, String> FORMATS = Map.of("FLAC", "FLAC", "MP3", "MP3", "VORBIS", "OGG", "OPUS", "OGG");
    /** The largest difference seen per codec, printed after the run (docs/audio-conventions.md quotes them). */
    private static final Map<String, Double> SEEN = new ConcurrentHashMap<>();

    @TestFactory
    List<DynamicTest> eachFileReadsAsLibsndfileReadsIt() {
        JsonNode index = CodecReferences.index();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : index.get("cases")) {
            String file = c.get("file").asText();
            tests.add(DynamicTest.dynamicTest(file + " == " + c.get("call").asText(), () -> check(c)));
        }
        assertTrue(tests.size() >= 20, "codecs.json lists " + tests.size() + " cases; regenerate with " + CodecReferences.GENERATOR);
        return tests;
    }

    private static void check(JsonNode c) throws Exception {
        String file = c.get("file").asText();
        String codec = c.get("codec").asText();
        Path path = CodecReferences.path(file);
        float[] ref = CodecReferences.samples(file);
        int channels = c.get("channels").asInt();
        int frames = c.get("frames").asInt();
        int head = c.get("head_frames").asInt();
        int tail = c.get("tail_frames").asInt();

        assertInstanceOf(DECODERS.get(codec), Audio.decoderFor(path), file + ": decoder chosen from the content");
        AudioData a = Audio.read(path);
        assertEquals(c.get("rate").asInt(), a.sampleRate(), file + ": sample rate");
        assertEquals(channels, a.channels(), file + ": channels");
        assertEquals(frames, a.frames(), file + ": frames");
        assertEquals(AudioEncoding.valueOf(codec), a.encoding(), file + ": encoding");
        assertEquals(java.util.List.of(), a.warnings(), file + ": a sound file reads without warnings");
        float[] got = a.waveform().toFloatArray();

        double tol = MAX_ABS.get(codec);
        double worst = 0;
        worst = Math.max(worst, compare(file + " first frames", ref, 0, got, frames, 0, head, channels, tol));
        worst = Math.max(worst, compare(file + " last frames", ref, head * channels, got, frames, frames - tail, tail, channels, tol));
        if (codec.equals("FLAC")) {
            assertEquals(c.get("sha256").asText(), sha256(got, frames, channels), file + ": SHA-256 of the whole read (float32, interleaved)");
        }
        for (int ch = 0; ch < channels; ch++) {
            double max = 0;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < frames; i++) {
                double v = got[ch * frames + i];
                max = Math.max(max, Math.abs(v));
                sum += v;
                squares += v * v;
            }
            assertEquals(c.get("max_abs").get(ch).asDouble(), max, Math.max(tol, 1e-9), file + " channel " + ch + ": max |x| of the whole read");
            assertEquals(c.get("mean").get(ch).asDouble(), sum / frames, MAX_RMS.get(codec), file + " channel " + ch + ": mean of the whole read");
            assertEquals(c.get("rms").get(ch).asDouble(), Math.sqrt(squares / frames), MAX_RMS.get(codec), file + " channel " + ch + ": RMS of the whole read");
        }

        JsonNode range = c.get("range");
        if (range != null) {
            int start = range.get("start").asInt();
            int n = range.get("frames").asInt();
            AudioData part = Audio.read(path, start, n);
            assertEquals(n, part.frames(), file + ": frames of " + range.get("call").asText());
            worst = Math.max(worst, compare(file + " " + range.get("call").asText(), ref, (head + tail) * channels,
                    part.waveform().toFloatArray(), n, 0, n, channels, tol));
        }
        SEEN.merge(codec, worst, Math::max);

        AudioInfo info = Audio.info(path);
        assertEquals(FORMATS.get(codec), info.format(), file + ": format");
        assertEquals(c.get("rate").asInt(), info.sampleRate(), file + ": info rate");
        assertEquals(channels, info.channels(), file + ": info channels");
        assertEquals(frames, info.frames(), file + ": info frames equal the frames read");
        JsonNode infoFrames = c.get("info_frames");
        if (!infoFrames.isNull() && !file.contains("notag")) {
            assertEquals(infoFrames.asLong(), info.frames(), file + ": soundfile.info(path).frames");
        }
        if (codec.equals("FLAC")) {
            String subtype = c.get("subtype").asText();
            assertEquals(Integer.parseInt(subtype.replaceAll("\\D", "")), info.bitsPerSample(), file + ": bits per sample (" + subtype + ")");
        }
    }

    /** Compares {@code n} frames of the reference block at {@code ref[from ..]} (interleaved) with {@code got} ([channels, frames]) from frame {@code at}. */
    private static double compare(String what, float[] ref, int from, float[] got, int gotFrames, int at, int n, int channels, double tol) {
        double worst = 0;
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < channels; ch++) {
                float want = ref[from + i * channels + ch];
                float have = got[ch * gotFrames + at + i];
                double d = Math.abs((double) want - have);
                worst = Math.max(worst, d);
                if (d > tol) fail(what + ": frame " + (at + i) + " channel " + ch + ": libsndfile " + want + ", Cochlea " + have + " (difference " + d + ", tolerance " + tol + ")");
            }
        }
        return worst;
    }

    private static String sha256(float[] planar, int frames, int channels) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(frames * channels * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) for (int ch = 0; ch < channels; ch++) b.putFloat(planar[ch * frames + i]);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    }

    @Test
    void everyFormatIsRegistered() {
        List<String> formats = Audio.formats();
        for (String f : List.of("WAV", "FLAC", "MP3", "OGG")) assertTrue(formats.contains(f), "Audio.formats() " + formats + " lacks " + f);
    }

    @AfterAll
    static void printLargestDifferences() {
        System.out.println("largest |Cochlea - libsndfile| per codec: " + new TreeMap<>(SEEN));
    }
}
