package dev.cochlea.codecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.AudioInfo;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Truncated, bit-flipped and lying files, for every format: each read ends in time with either
 * audio (a partial read, as libsndfile gives for a cut MP3 or Ogg file) or an
 * {@link AudioFormatException} whose message starts with the file's path; never another exception,
 * a hang or an allocation sized by what the file declares.
 */
class CorruptFilesTest {
    private static final List<String> FILES = List.of("flac_44k_stereo16.flac", "flac_crafted16.flac", "flac_8k_unknown_length.flac",
            "mp3_16k_stereo.mp3", "mp3_44k_mono_vbr_id3.mp3", "mp3_22k_mono_notag.mp3",
            "vorbis_16k_stereo.ogg", "vorbis_22k_mono_pages.ogg", "opus_44k_stereo.opus", "opus_12k_mono_60ms.opus", "flac_8k_mono16.flac");
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** The outcome of reading a damaged file: its audio, or null when it was refused. */
    private static AudioData attempt(Path file) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            try {
                AudioInfo info = Audio.info(file);
                assertTrue(info.frames() >= 0 && info.sampleRate() > 0 && info.channels() > 0, file + ": " + info);
                return Audio.read(file);
            } catch (AudioFormatException e) {
                assertTrue(e.getMessage().startsWith(file.toString()), "the message names the file: " + e.getMessage());
                assertTrue(e.getMessage().length() > file.toString().length() + 10, "the message says what is wrong: " + e.getMessage());
                return null;
            }
        }, file + " took longer than " + LIMIT);
    }

    private static JsonNode referenceCase(String file) {
        for (JsonNode c : CodecReferences.index().get("cases")) if (c.get("file").asText().equals(file)) return c;
        throw new AssertionError(file + " is not in codecs.json; regenerate with " + CodecReferences.GENERATOR);
    }

    @TestFactory
    List<DynamicTest> truncatedFilesEndInTimeWithAudioOrAClearError() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : FILES) {
            byte[] whole = Files.readAllBytes(CodecReferences.path(name));
            JsonNode c = referenceCase(name);
            for (double f : new double[] {0.0005, 0.002, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
                int cut = Math.max(1, (int) (whole.length * f));
                tests.add(DynamicTest.dynamicTest(name + " cut to " + cut + " of " + whole.length + " bytes", () -> {
                    Path p = dir.resolve("cut-" + cut + "-" + name);
                    Files.write(p, java.util.Arrays.copyOf(whole, cut));
                    AudioData a = attempt(p);
                    boolean partialExpected = name.endsWith(".mp3") ? f >= 0.25 : !name.startsWith("flac") && f >= 0.9;
                    if (a == null) {
                        assertTrue(!partialExpected, name + " cut at " + f + ": libsndfile reads a cut MP3 or Ogg file as far as it goes; so must Cochlea");
                        return;
                    }
                    assertTrue(a.frames() <= c.get("frames").asInt(), name + ": a cut file reads no more frames than the whole (" + a.frames() + ")");
                    // What is read is what the whole file starts with.
                    float[] ref = CodecReferences.samples(name);
                    float[] got = a.waveform().toFloatArray();
                    int channels = c.get("channels").asInt();
                    double tol = name.startsWith("opus") ? 1e-3 : name.startsWith("flac") ? 0 : 1e-4;
                    int n = Math.min(a.frames(), c.get("head_frames").asInt());
                    for (int i = 0; i < n; i++) {
                        for (int ch = 0; ch < channels; ch++) {
                            float want = ref[i * channels + ch];
                            float have = got[ch * a.frames() + i];
                            if (Math.abs(want - have) > tol) fail(name + " cut to " + cut + " bytes: frame " + i + " is " + have + ", the whole file's " + want);
                        }
                    }
                }));
            }
            if (name.startsWith("flac")) {
                tests.add(DynamicTest.dynamicTest(name + " cut inside a frame: the range before the cut still reads", () -> {
                    Path p = dir.resolve("half-" + name);
                    Files.write(p, java.util.Arrays.copyOf(whole, whole.length / 2));
                    AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.read(p));
                    assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("sync"), e.getMessage());
                    AudioData head = Audio.read(p, 0, 500);
                    assertEquals(500, head.frames());
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> flippedBitsEndInTimeWithAudioOrAClearError() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Random random = new Random(13);
        for (String name : FILES) {
            byte[] whole = Files.readAllBytes(CodecReferences.path(name));
            for (int k = 0; k < 24; k++) {
                int flips = 1 + random.nextInt(4);
                int[] at = new int[flips];
                int[] bit = new int[flips];
                for (int i = 0; i < flips; i++) {
                    at[i] = k < 6 ? random.nextInt(Math.min(whole.length, 200)) : random.nextInt(whole.length);
                    bit[i] = random.nextInt(8);
                }
                String label = name + " with bits flipped at bytes " + java.util.Arrays.toString(at);
                int variant = k;
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    byte[] b = whole.clone();
                    for (int i = 0; i < flips; i++) b[at[i]] ^= (byte) (1 << bit[i]);
                    Path p = dir.resolve("flip-" + variant + "-" + name);
                    Files.write(p, b);
                    attempt(p);
                }));
            }
        }
        return tests;
    }

    @Test
    void aFlippedBitInAFlacFrameFailsItsCrc() throws IOException {
        byte[] whole = Files.readAllBytes(CodecReferences.path("flac_crafted16.flac"));
        for (int pos : new int[] {200, 1000, 3000, 6000, whole.length - 3}) {
            byte[] b = whole.clone();
            b[pos] ^= 0x10;
            Path p = dir.resolve("crc-" + pos + ".flac");
            Files.write(p, b);
            AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.read(p));
            assertTrue(e.getMessage().startsWith(p.toString()) && e.getMessage().contains("FLAC"), e.getMessage());
        }
    }

    @Test
    void aFlippedBitInAnOggPageFailsItsCrc() throws IOException {
        for (String name : List.of("vorbis_22k_mono_pages.ogg", "opus_16k_mono.opus")) {
            byte[] whole = Files.readAllBytes(CodecReferences.path(name));
            byte[] b = whole.clone();
            b[whole.length - 100] ^= 0x01;
            Path p = dir.resolve("crc-" + name);
            Files.write(p, b);
            AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.read(p));
            assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ lying sizes

    /** A length declared far beyond the data: the whole read is refused before anything is allocated; a range reads. */
    private void refusedWholeButRangeReads(Path p, String name, long declared) throws IOException {
        assertEquals(declared, Audio.info(p).frames(), p + ": info reports the declared length");
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.read(p));
        assertTrue(e.getMessage().contains("read a range with Audio.read(file, frameOffset, frames)"), e.getMessage());
        AudioData head = Audio.read(p, 0, 1000);
        assertEquals(1000, head.frames());
        JsonNode c = referenceCase(name);
        float[] ref = CodecReferences.samples(name);
        int channels = c.get("channels").asInt();
        float[] got = head.waveform().toFloatArray();
        double tol = name.startsWith("opus") ? 1e-3 : name.startsWith("flac") ? 0 : 1e-4;
        for (int i = 0; i < 1000; i++) {
            for (int ch = 0; ch < channels; ch++) assertEquals(ref[i * channels + ch], got[ch * 1000 + i], tol, p + " frame " + i);
        }
    }

    @Test
    void aFlacFileDeclaringTooManySamples() throws IOException {
        byte[] b = Files.readAllBytes(CodecReferences.path("flac_8k_mono16.flac"));
        setFlacTotal(b, (1L << 36) - 1);
        Path p = dir.resolve("huge.flac");
        Files.write(p, b);
        refusedWholeButRangeReads(p, "flac_8k_mono16.flac", (1L << 36) - 1);
    }

    @Test
    void aFlacFileDeclaringMoreSamplesThanItHoldsReadsWhatItHolds() throws IOException {
        // 2^30 frames of one channel would be 4 GiB of floats, more than the test JVM's heap: the
        // decoder must grow with the data, not allocate what STREAMINFO declares.
        byte[] b = Files.readAllBytes(CodecReferences.path("flac_8k_mono16.flac"));
        setFlacTotal(b, 1L << 30);
        Path p = dir.resolve("lying.flac");
        Files.write(p, b);
        assertEquals(1L << 30, Audio.info(p).frames());
        assertEquals(referenceCase("flac_8k_mono16.flac").get("frames").asInt(), Audio.read(p).frames());
    }

    @Test
    void anMp3FileDeclaringTooManyFrames() throws IOException {
        byte[] b = Files.readAllBytes(CodecReferences.path("mp3_16k_stereo.mp3"));
        int tag = indexOf(b, "Info");
        assertTrue(tag > 0, "the LAME Info tag");
        ByteBuffer.wrap(b, tag + 8, 4).putInt(0x7FFFFFFF);
        Path p = dir.resolve("huge.mp3");
        Files.write(p, b);
        long declared = 0x7FFFFFFFL * 576 - 576 - Mp3Decoder.DECODER_DELAY;
        assertTrue(Audio.info(p).frames() > Integer.MAX_VALUE);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.read(p));
        assertTrue(e.getMessage().contains("read a range"), e.getMessage() + " (declared about " + declared + ")");
        assertEquals(1000, Audio.read(p, 0, 1000).frames());
    }

    @Test
    void anOggFileDeclaringTooManyFrames() throws IOException {
        for (String name : List.of("opus_12k_mono_60ms.opus", "vorbis_22k_mono_pages.ogg")) {
            byte[] b = Files.readAllBytes(CodecReferences.path(name));
            int last = lastIndexOf(b, "OggS");
            long granule = 1L << 40;
            ByteBuffer.wrap(b, last + 6, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(granule);
            fixOggCrc(b, last);
            Path p = dir.resolve("huge-" + name);
            Files.write(p, b);
            assertTrue(Audio.info(p).frames() > Integer.MAX_VALUE, name);
            AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.read(p));
            assertTrue(e.getMessage().contains("read a range"), e.getMessage());
            AudioData head = Audio.read(p, 0, 1000);
            assertEquals(1000, head.frames());
        }
    }

    @Test
    void filesThatAreNotWhatTheyStartLike() throws IOException {
        List<byte[]> fakes = List.of(
                "fLaC".getBytes(),                                                    // no STREAMINFO
                concat("fLaC".getBytes(), new byte[] {(byte) 0x80, 0, 0, 34}),        // STREAMINFO cut
                concat("fLaC".getBytes(), new byte[] {0x05, 0x7F, (byte) 0xFF, (byte) 0xFF}),  // 8 MB block in a tiny file
                concat("ID3".getBytes(), new byte[] {3, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F}),  // a tag past the end of the file
                concat(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64}, new byte[400]),  // one MP3 header, nothing after
                concat("OggS".getBytes(), new byte[60]));                              // an Ogg page header of zeros
        int i = 0;
        for (byte[] fake : fakes) {
            Path p = dir.resolve("fake-" + i++);
            Files.write(p, fake);
            AudioData a = attempt(p);
            if (a != null) assertEquals(0, a.frames(), p + " reads as audio");
        }
    }

    private static void setFlacTotal(byte[] b, long total) {
        // STREAMINFO starts at byte 8 (after "fLaC" and the block header); total samples: 36 bits from bit 108.
        int at = 8 + 13;
        b[at] = (byte) ((b[at] & 0xF0) | (int) ((total >>> 32) & 0x0F));
        ByteBuffer.wrap(b, at + 1, 4).putInt((int) total);
    }

    private static int indexOf(byte[] b, String s) {
        outer:
        for (int i = 0; i + s.length() <= b.length; i++) {
            for (int j = 0; j < s.length(); j++) if (b[i + j] != s.charAt(j)) continue outer;
            return i;
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, String s) {
        outer:
        for (int i = b.length - s.length(); i >= 0; i--) {
            for (int j = 0; j < s.length(); j++) if (b[i + j] != s.charAt(j)) continue outer;
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Recomputes the CRC-32 of the Ogg page at {@code at} (polynomial 0x04C11DB7, over the page with its CRC field zeroed). */
    static void fixOggCrc(byte[] b, int at) {
        int segments = b[at + 26] & 0xFF;
        int length = 27 + segments;
        for (int i = 0; i < segments; i++) length += b[at + 27 + i] & 0xFF;
        for (int i = 22; i < 26; i++) b[at + i] = 0;
        int crc = 0;
        for (int i = at; i < at + length; i++) {
            crc ^= (b[i] & 0xFF) << 24;
            for (int k = 0; k < 8; k++) crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
        }
        ByteBuffer.wrap(b, at + 22, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc);
    }
}
