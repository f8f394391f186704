package dev.cochlea.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.testing.ReferenceFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * WAV variants (RF64, BW64, RIFX, narrow samples in wide containers, cut-short data), AIFF / AIFF-C
 * and AU files read through {@link Audio} as libsndfile reads them: every sample, the rate, channels
 * and frames against {@code soundfile.read(file, dtype='float32', always_2d=True)} and
 * {@code soundfile.info(file)} on the files {@code reference/make_format_reference.py} makes with
 * sox, soundfile and its own byte writers. Then hostile headers: each decoder answers with audio or
 * an {@link AudioFormatException} naming the file, in bounded memory and time.
 */
class AudioFormatsTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ libsndfile's reading

    private static JsonNode reference() throws IOException {
        try (InputStream in = ReferenceFiles.open("formats/formats.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** Cochlea's encoding for a soundfile subtype. */
    private static AudioEncoding encoding(String subtype) {
        return switch (subtype) {
            case "PCM_U8" -> AudioEncoding.PCM_U8;
            case "PCM_S8" -> AudioEncoding.PCM_S8;
            case "PCM_16" -> AudioEncoding.PCM_S16;
            case "PCM_24" -> AudioEncoding.PCM_S24;
            case "PCM_32" -> AudioEncoding.PCM_S32;
            case "FLOAT" -> AudioEncoding.FLOAT32;
            case "DOUBLE" -> AudioEncoding.FLOAT64;
            case "ULAW" -> AudioEncoding.MULAW;
            case "ALAW" -> AudioEncoding.ALAW;
            default -> throw new AssertionError("subtype " + subtype);
        };
    }

    /**
     * The largest difference allowed: none, but for 32-bit integers, which Cochlea rounds to float
     * as torchaudio's sox backend does (to 25 bits, halves up) and libsndfile by a float conversion
     * (to 24 significant bits, halves to even): one float32 step at full scale, 2^-24.
     */
    private static float tolerance(AudioEncoding e) {
        return e == AudioEncoding.PCM_S32 ? 0x1p-24f : 0f;
    }

    /** Max |difference| per case, printed at the end of the factory's tests. */
    private static final Map<String, String> FIGURES = new TreeMap<>();

    @TestFactory
    List<DynamicTest> everySampleEqualsLibsndfile() throws IOException {
        JsonNode ref = reference();
        String call = ref.get("call").asText();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : ref.get("cases")) {
            String name = c.get("file").asText();
            tests.add(DynamicTest.dynamicTest(name + ": " + call, () -> checkCase(c)));
        }
        tests.add(DynamicTest.dynamicTest("every reference file is a case", () -> {
            List<String> files;
            try (Stream<Path> s = Files.list(ReferenceFiles.path("formats/formats.json").getParent())) {
                files = s.map(p -> p.getFileName().toString()).filter(f -> !f.equals("formats.json")).sorted().toList();
            }
            List<String> named = new ArrayList<>();
            for (JsonNode c : ref.get("cases")) named.add(c.get("file").asText());
            assertEquals(files, named.stream().sorted().toList());
            assertTrue(named.size() >= 59, "cases: " + named.size());
            FIGURES.forEach((k, v) -> System.out.println("libsndfile vs Cochlea " + k + ": " + v));
        }));
        return tests;
    }

    private void checkCase(JsonNode c) throws IOException {
        String name = c.get("file").asText();
        Path file = ReferenceFiles.path("formats/" + name);
        int channels = c.get("channels").asInt(), frames = c.get("frames").asInt(), rate = c.get("rate").asInt();
        AudioEncoding enc = encoding(c.get("subtype").asText());
        String format = c.get("format").asText().equals("WAVEX") ? "WAV" : c.get("format").asText();
        boolean warning = c.get("warning").asBoolean();

        AudioInfo info = Audio.info(file);
        assertEquals(format, info.format(), name);
        assertEquals(rate, info.sampleRate(), name);
        assertEquals(channels, info.channels(), name);
        assertEquals(frames, info.frames(), name);
        assertEquals(enc, info.encoding(), name);
        assertEquals(enc.bitsPerSample(), info.bitsPerSample(), name);
        assertEquals(warning, !info.warnings().isEmpty(), name + " warnings " + info.warnings());

        AudioData a = Audio.read(file);
        assertEquals(rate, a.sampleRate(), name);
        assertEquals(enc, a.encoding(), name);
        assertArrayEquals(new int[] {channels, frames}, a.waveform().shape(), name);
        assertEquals(info.warnings(), a.warnings(), name);
        for (String w : a.warnings()) assertTrue(w.startsWith(file.toString()) && w.contains("declares"), w);

        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(c.get("samples_f32le").asText())).order(ByteOrder.LITTLE_ENDIAN);
        float[] want = new float[channels * frames];
        b.asFloatBuffer().get(want);
        float[] got = a.waveform().toFloatArray();
        float tol = tolerance(enc), max = 0;
        for (int i = 0; i < want.length; i++) {
            float d = Math.abs(want[i] - got[i]);
            max = Math.max(max, d);
            if (!(d <= tol)) {
                fail(name + ": channel " + i / frames + " frame " + i % frames + ": libsndfile " + want[i] + ", Cochlea " + got[i]);
            }
        }
        FIGURES.put(name, String.format(Locale.ROOT, "%d x %d, max |diff| %s", channels, frames, max == 0 ? "0" : max + " (2^" + Math.getExponent(max) + ")"));

        // A range equals the same frames of the whole.
        AudioData part = Audio.read(file, 50, 60);
        assertArrayEquals(a.waveform().narrow(1, 50, 60).contiguous().toFloatArray(), part.waveform().toFloatArray(), name + " range");
    }

    // ------------------------------------------------------------------ warnings

    @Test
    void aCutShortFileWarnsOnceThroughTheLoggerAndInEveryResult() throws IOException {
        byte[] whole = Files.readAllBytes(ReferenceFiles.path("formats/rf64-pcm16-2ch.wav"));
        Path cut = Files.write(dir.resolve("cut-" + System.nanoTime() + ".wav"), Arrays.copyOf(whole, 500));
        List<LogRecord> logged = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger log = Logger.getLogger("dev.cochlea.audio");
        log.addHandler(h);
        try {
            AudioData a = Audio.read(cut);
            AudioData again = Audio.read(cut, 0, 10);
            AudioInfo info = Audio.info(cut);
            assertEquals(1, a.warnings().size());
            String w = a.warnings().get(0);
            assertTrue(w.startsWith(cut.toString()), w);
            assertTrue(w.contains("declares 800 bytes") && w.contains("500 bytes in all"), w);
            assertEquals(a.warnings(), again.warnings());
            assertEquals(a.warnings(), info.warnings());
            assertEquals(1, logged.size(), "logged once: " + logged.stream().map(LogRecord::getMessage).toList());
            assertEquals(java.util.logging.Level.WARNING, logged.get(0).getLevel());
            assertEquals(w, logged.get(0).getMessage());
            assertEquals((500 - 104) / 4, a.frames());   // the data starts at byte 104; whole stereo 16-bit frames
        } finally {
            log.removeHandler(h);
        }
        assertTrue(Audio.read(ReferenceFiles.path("formats/rf64-pcm16-2ch.wav")).warnings().isEmpty());
    }

    // ------------------------------------------------------------------ hostile input

    /** Big- or little-endian bytes. */
    private static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteOrder order;

        Bytes(ByteOrder order) {
            this.order = order;
        }

        Bytes ascii(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        Bytes n(long v, int width) {
            for (int i = 0; i < width; i++) {
                int shift = order == ByteOrder.BIG_ENDIAN ? 8 * (width - 1 - i) : 8 * i;
                out.write((int) (v >>> shift) & 0xFF);
            }
            return this;
        }

        Bytes u16(long v) {
            return n(v, 2);
        }

        Bytes u32(long v) {
            return n(v, 4);
        }

        Bytes u64(long v) {
            return n(v, 8);
        }

        Bytes bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Bytes zeros(int n) {
            return bytes(new byte[n]);
        }

        byte[] get() {
            return out.toByteArray();
        }
    }

    private static Bytes le() {
        return new Bytes(ByteOrder.LITTLE_ENDIAN);
    }

    private static Bytes be() {
        return new Bytes(ByteOrder.BIG_ENDIAN);
    }

    /** An AU file. */
    private static byte[] au(long offset, long size, long encoding, long rate, long channels, int dataBytes) {
        return be().ascii(".snd").u32(offset).u32(size).u32(encoding).u32(rate).u32(channels).zeros((int) Math.max(0, offset - 24))
                .zeros(dataBytes).get();
    }

    /** The 80-bit extended float of {@code v} (finite, positive). */
    private static byte[] extended(double v) {
        if (v == 0) return new byte[10];
        int exp = Math.getExponent(v);
        long mantissa = Math.round(Math.scalb(v, 62 - exp)) << 1;   // the integer bit on top
        return be().u16(16383 + exp).u64(mantissa).get();
    }

    /** An AIFF file (compression null) or AIFF-C, with an SSND chunk of {@code dataBytes} zero bytes. */
    private static byte[] aiff(String compression, int channels, int bits, byte[] rate, long ssndSize, long offset, int dataBytes) {
        Bytes comm = be().u16(channels).u32(dataBytes / Math.max(1, channels * ((bits + 7) / 8))).u16(bits).bytes(rate);
        if (compression != null) comm.ascii(compression).u16(0);
        byte[] c = comm.get();
        Bytes body = be().ascii(compression == null ? "AIFF" : "AIFC").ascii("COMM").u32(c.length).bytes(c)
                .ascii("SSND").u32(ssndSize).u32(offset).u32(0).zeros(dataBytes);
        byte[] b = body.get();
        return be().ascii("FORM").u32(b.length).bytes(b).get();
    }

    private static byte[] aiff(int channels, int bits, double rate, int dataBytes) {
        return aiff(null, channels, bits, extended(rate), 8 + dataBytes, 0, dataBytes);
    }

    /** A WAV file, RIFF or RF64 (with a ds64 chunk giving {@code ds64Data} as the data size). */
    private static byte[] wav(String magic, int tag, long channels, long rate, int align, int bits, long dataSize, int dataBytes, long ds64Data) {
        Bytes body = le().ascii("WAVE");
        if (magic.equals("RF64") || magic.equals("BW64")) body.ascii("ds64").u32(28).u64(0).u64(ds64Data).u64(0).u32(0);
        body.ascii("fmt ").u32(16).u16(tag).u16(channels).u32(rate).u32(rate * align).u16(align).u16(bits)
                .ascii("data").u32(dataSize).zeros(dataBytes);
        byte[] b = body.get();
        return le().ascii(magic).u32(magic.equals("RIFF") ? b.length : 0xFFFFFFFFL).bytes(b).get();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Reading {@code content} fails with an AudioFormatException naming the file and holding each fragment. */
    private void assertBad(String name, byte[] content, String... fragments) throws IOException {
        Path p = file(name, content);
        for (boolean info : new boolean[] {false, true}) {
            AudioFormatException e = assertThrows(AudioFormatException.class, () -> {
                if (info) Audio.info(p);
                else Audio.read(p);
            }, name);
            assertTrue(e.getMessage().startsWith(p + ": "), "message names the file: " + e.getMessage());
            assertEquals(p, e.file());
            for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
    }

    @Test
    void absurdAuHeadersAreRefusedNamingTheFieldAndValue() throws IOException {
        assertEquals(10, Audio.read(file("ok.au", au(24, 20, 3, 8000, 1, 20))).frames());
        assertBad("ch0.au", au(24, 20, 3, 8000, 0, 20), "0 channels", "expected 1 to 65535");
        assertBad("ch2e31.au", au(24, 20, 3, 8000, 1L << 31, 20), "2147483648 channels");
        assertBad("chmax.au", au(24, 20, 3, 8000, 0xFFFFFFFFL, 20), "4294967295 channels");
        assertBad("rate0.au", au(24, 20, 3, 0, 1, 20), "sample rate of 0 Hz");
        assertBad("ratehuge.au", au(24, 20, 3, 0xFFFFFFFFL, 1, 20), "sample rate of 4294967295 Hz");
        assertBad("offset-small.au", au(16, 20, 3, 8000, 1, 28), "byte 16", "expected 24");
        byte[] past = au(24, 20, 3, 8000, 1, 20);
        ByteBuffer.wrap(past).putInt(4, 0x7FFFFFF0);
        assertBad("offset-past.au", past, "byte 2147483632", "to 44");
        assertBad("g721.au", au(24, 20, 23, 8000, 1, 20), "encoding 23", "G.721");
        assertBad("enc-huge.au", au(24, 20, 0xFFFFFFFFL, 8000, 1, 20), "encoding 4294967295");
        assertBad("short.au", Arrays.copyOf(au(24, 20, 3, 8000, 1, 20), 23), "truncated", "23 bytes");
        // Zero-length data, data size 0 with bytes after it (libsndfile: 0 frames), and a huge declared size.
        assertEquals(0, Audio.read(file("empty.au", au(24, 0, 3, 8000, 1, 0))).frames());
        assertEquals(0, Audio.read(file("zero.au", au(24, 0, 3, 8000, 1, 20))).frames());
        AudioData huge = Audio.read(file("huge.au", au(24, 0xFFFFFFFEL, 3, 8000, 2, 20)));
        assertEquals(5, huge.frames());
        assertTrue(huge.warnings().get(0).contains("declares 4294967294 bytes"), huge.warnings().toString());
        assertEquals(5, Audio.read(file("unknown.au", au(24, 0xFFFFFFFFL, 3, 8000, 2, 21))).frames());
        // 65535 channels of one frame: read, no more memory than the file.
        assertEquals(65535, Audio.read(file("wide.au", au(24, 65535, 2, 8000, 65535, 65535))).channels());
    }

    @Test
    void absurdAiffHeadersAreRefusedNamingTheFieldAndValue() throws IOException {
        assertEquals(5, Audio.read(file("ok.aiff", aiff(2, 16, 8000, 20))).frames());
        assertBad("ch0.aiff", aiff(0, 16, 8000, 20), "0 channels");
        assertBad("chneg.aiff", aiff(-1, 16, 8000, 20), "-1 channels");
        assertBad("rate0.aiff", aiff(1, 16, 0, 20), "sample rate of 0 Hz");
        assertBad("rate-half.aiff", aiff(1, 16, 0.5, 20), "sample rate of 0 Hz");
        assertBad("rate-huge.aiff", aiff(1, 16, 1e300, 20), "sample rate of 1.0E300 Hz");
        byte[] inf = be().u16(0x7FFF).u64(Long.MIN_VALUE).get();
        assertBad("rate-inf.aiff", aiff(null, 1, 16, inf, 28, 0, 20), "sample rate of NaN Hz");
        byte[] negative = extended(8000);
        negative[0] |= (byte) 0x80;
        assertBad("rate-neg.aiff", aiff(null, 1, 16, negative, 28, 0, 20), "sample rate of -8000 Hz");
        assertBad("bits0.aiff", aiff(1, 0, 8000, 20), "sample size 0 bits");
        assertBad("bits33.aiff", aiff(1, 33, 8000, 20), "sample size 33 bits");
        assertBad("ima4.aifc", aiff("ima4", 1, 16, extended(8000), 28, 0, 20), "'ima4'", "IMA 4:1 ADPCM");
        assertBad("ssnd-small.aiff", aiff(null, 1, 16, extended(8000), 4, 0, 20), "'SSND'", "declares 4 bytes");
        assertBad("ssnd-offset.aiff", aiff(null, 1, 16, extended(8000), 28, 0xFFFFFFF0L, 20), "data offset of 4294967280");
        assertBad("nocomm.aiff", be().ascii("FORM").u32(4).ascii("AIFF").get(), "no 'COMM' chunk");
        byte[] ok = aiff(2, 16, 8000, 20);
        assertBad("nossnd.aiff", Arrays.copyOf(ok, 12 + 8 + 18), "no 'SSND' chunk");
        assertBad("short.aiff", Arrays.copyOf(ok, 11), "truncated", "11 bytes");
        assertBad("comm-cut.aiff", Arrays.copyOf(ok, 30), "truncated: the 'COMM' chunk", "declares 18 bytes");
        // Zero-length data; an SSND chunk declaring 4 GiB over 20 bytes (read with a warning).
        assertEquals(0, Audio.read(file("empty.aiff", aiff(1, 16, 8000, 0))).frames());
        AudioData huge = Audio.read(file("huge.aiff", aiff(null, 2, 16, extended(8000), 0xFFFFFFFFL, 0, 20)));
        assertEquals(5, huge.frames());
        assertTrue(huge.warnings().get(0).contains("declares 4294967287 bytes"), huge.warnings().toString());
        assertEquals(22254, Audio.info(file("mac.aiff", aiff(1, 16, 22254.545454, 20))).sampleRate());
    }

    @Test
    void extendedFloatsConvertExactly() {
        for (double v : new double[] {1, 8000, 11025, 22050, 44100, 48000, 96000, 192000, 768000, 22254.54545454, Integer.MAX_VALUE}) {
            assertEquals(v, AiffDecoder.extended(ByteBuffer.wrap(extended(v)), 0), 1e-9 * v, "rate " + v);
        }
        assertEquals(0, AiffDecoder.extended(ByteBuffer.wrap(new byte[10]), 0));
        assertTrue(Double.isNaN(AiffDecoder.extended(ByteBuffer.wrap(be().u16(0xFFFF).u64(-1).get()), 0)));
    }

    @Test
    void absurdWavHeadersAreRefusedNamingTheFieldAndValue() throws IOException {
        assertEquals(5, Audio.read(file("ok.wav", wav("RIFF", 1, 2, 8000, 4, 16, 20, 20, 0))).frames());
        assertBad("ch0.wav", wav("RIFF", 1, 0, 8000, 4, 16, 20, 20, 0), "0 channels");
        assertBad("rate0.wav", wav("RIFF", 1, 1, 0, 2, 16, 20, 20, 0), "sample rate of 0 Hz");
        assertBad("rate2e31.wav", wav("RIFF", 1, 1, 1L << 31, 2, 16, 20, 20, 0), "sample rate of 2147483648 Hz");
        assertBad("u8in16.wav", wav("RIFF", 1, 1, 8000, 2, 8, 20, 20, 0), "block align 2");
        assertBad("24in5.wav", wav("RIFF", 1, 1, 8000, 5, 24, 20, 20, 0), "block align 5");
        assertBad("bits40.wav", wav("RIFF", 1, 1, 8000, 5, 40, 20, 20, 0), "bit depth 40");
        // RF64 / BW64: the ds64 chunk is required first; a size of 0xFFFFFFFF must be in its table.
        assertEquals(5, Audio.read(file("ok-rf64.wav", wav("RF64", 1, 2, 8000, 4, 16, 0xFFFFFFFFL, 20, 20))).frames());
        assertEquals("RF64", Audio.info(file("ok-bw64.wav", wav("BW64", 1, 2, 8000, 4, 16, 0xFFFFFFFFL, 20, 20))).format());
        byte[] noDs64 = wav("RIFF", 1, 2, 8000, 4, 16, 20, 20, 0);
        System.arraycopy("RF64".getBytes(StandardCharsets.US_ASCII), 0, noDs64, 0, 4);
        assertBad("nods64.wav", noDs64, "without its 'ds64' chunk", "found 'fmt '");
        byte[] shortDs64 = wav("RF64", 1, 2, 8000, 4, 16, 0xFFFFFFFFL, 20, 20);
        ByteBuffer.wrap(shortDs64).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 8);
        assertBad("shortds64.wav", shortDs64, "'ds64' chunk declares 8 bytes");
        byte[] hugeDs64 = wav("RF64", 1, 2, 8000, 4, 16, 0xFFFFFFFFL, 20, 20);
        ByteBuffer.wrap(hugeDs64).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 0x7FFFFFFF);
        assertBad("hugeds64.wav", hugeDs64, "'ds64' chunk declares 2147483647 bytes");
        byte[] bigFmt = wav("RF64", 1, 2, 8000, 4, 16, 0xFFFFFFFFL, 20, 20);
        ByteBuffer.wrap(bigFmt).order(ByteOrder.LITTLE_ENDIAN).putInt(52, -1);   // the fmt chunk's size: 0xFFFFFFFF
        assertBad("bigfmt.wav", bigFmt, "chunk 'fmt '", "gives no size for it");
        // A ds64 data size of 2^40 or 2^63 + 1 (negative as a signed long) over 20 bytes: read with a warning.
        for (long declared : new long[] {1L << 40, Long.MIN_VALUE + 1, -1}) {
            AudioData a = Audio.read(file("huge-rf64.wav", wav("RF64", 1, 2, 8000, 4, 16, 0xFFFFFFFFL, 20, declared)));
            assertEquals(5, a.frames());
            assertTrue(a.warnings().get(0).contains("declares " + Long.toUnsignedString(declared) + " bytes"), a.warnings().toString());
        }
        // Zero-length data in each WAV flavour.
        for (String magic : new String[] {"RIFF", "RF64", "BW64"}) {
            assertEquals(0, Audio.read(file("empty.wav", wav(magic, 1, 2, 8000, 4, 16, magic.equals("RIFF") ? 0 : 0xFFFFFFFFL, 0, 0))).frames());
        }
        // RIFX: the same header, big-endian.
        byte[] rifx = be().ascii("RIFX").u32(40).ascii("WAVE").ascii("fmt ").u32(16).u16(1).u16(1).u32(8000).u32(16000).u16(2).u16(16)
                .ascii("data").u32(4).u16(0x4000).u16(0xC000).get();
        assertArrayEquals(new float[] {0.5f, -0.5f}, Audio.read(file("rifx.wav", rifx)).waveform().toFloatArray());
    }

    /**
     * Every prefix of each reference file's first 128 bytes, and 100 seeded corruptions of each
     * file's header: each read gives audio or an AudioFormatException naming the file, nothing else
     * (no other exception, no allocation beyond the file).
     */
    @Test
    void truncatedAndCorruptHeadersGiveAudioOrAFormatError() throws IOException {
        // Thousands of cut-short files are read with warnings by design; they would flood the build's log.
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(AudioWarnings.LOGGER);
        java.util.logging.Level level = log.getLevel();
        log.setLevel(java.util.logging.Level.SEVERE);
        try {
            corruptHeaders();
        } finally {
            log.setLevel(level);
        }
    }

    private void corruptHeaders() throws IOException {
        JsonNode ref = reference();
        Random rnd = new Random(13);
        int reads = 0, refused = 0;
        for (JsonNode c : ref.get("cases")) {
            String name = c.get("file").asText();
            byte[] whole = Files.readAllBytes(ReferenceFiles.path("formats/" + name));
            Path p = dir.resolve("x-" + name);
            for (int n = 0; n <= Math.min(128, whole.length); n++) {
                Files.write(p, Arrays.copyOf(whole, n));
                refused += readOrRefuse(p, name + " cut at " + n);
                reads++;
            }
            for (int k = 0; k < 100; k++) {
                byte[] b = whole.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    int at = 4 + rnd.nextInt(Math.min(80, b.length - 4));   // keep the magic so the same decoder reads it
                    b[at] = (byte) (rnd.nextInt(3) == 0 ? 0xFF : rnd.nextInt(256));
                }
                Files.write(p, b);
                refused += readOrRefuse(p, name + " corruption " + k);
                reads++;
            }
        }
        System.out.println("hostile headers: " + reads + " reads, " + refused + " refused with an AudioFormatException");
        assertTrue(refused > 0 && refused < reads, refused + " of " + reads);
    }

    /** 1 when refused, 0 when read; fails on anything else. */
    private static int readOrRefuse(Path p, String what) throws IOException {
        try {
            AudioInfo info = Audio.info(p);
            AudioData a = Audio.read(p);
            assertEquals(info.frames(), a.frames(), what);
            assertEquals(info.channels(), a.channels(), what);
            assertTrue(a.sampleRate() >= 1, what);
            return 0;
        } catch (AudioFormatException e) {
            assertTrue(e.getMessage().startsWith(p + ": "), what + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": " + e, e);
        }
    }

    // ------------------------------------------------------------------ choosing the decoder

    @Test
    void theDecoderIsChosenFromTheContentNotTheName() throws IOException {
        assertEquals(List.of("WAV", "AIFF", "AU"), Audio.formats().subList(0, 3));
        Path aiffNamedWav = Files.copy(ReferenceFiles.path("formats/aiff-pcm16-2ch.aiff"), dir.resolve("really-aiff.wav"));
        assertEquals("AIFF", Audio.info(aiffNamedWav).format());
        Path auNamedTxt = Files.copy(ReferenceFiles.path("formats/au-pcm16-2ch.au"), dir.resolve("beep.txt"));
        assertEquals("AU", Audio.decoderFor(auNamedTxt).format());
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.read(file("text.au", "hello, world".getBytes(StandardCharsets.US_ASCII))));
        assertTrue(e.getMessage().contains("not an audio file Cochlea reads") && e.getMessage().contains("AIFF"), e.getMessage());
    }
}
