package dev.cochlea.audio;

import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.Golden;
import dev.cochlea.testing.ReferenceFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WavTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ a raw WAV builder

    /** Little-endian bytes. */
    private static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes ascii(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Bytes u8(int v) {
            out.write(v);
            return this;
        }

        Bytes u16(int v) {
            return u8(v & 0xFF).u8((v >>> 8) & 0xFF);
        }

        Bytes u24(int v) {
            return u16(v).u8((v >>> 16) & 0xFF);
        }

        Bytes u32(long v) {
            return u16((int) v).u16((int) (v >>> 16));
        }

        Bytes f32(float v) {
            return u32(Float.floatToRawIntBits(v) & 0xFFFFFFFFL);
        }

        Bytes f64(double v) {
            long b = Double.doubleToRawLongBits(v);
            return u32(b & 0xFFFFFFFFL).u32(b >>> 32);
        }

        Bytes bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        /** A chunk with its pad byte when the body is odd-sized. */
        Bytes chunk(String id, byte[] body) {
            ascii(id).u32(body.length).bytes(body);
            if ((body.length & 1) != 0) u8(0);
            return this;
        }

        byte[] get() {
            return out.toByteArray();
        }
    }

    private static byte[] fmt(int tag, int channels, int rate, int bits) {
        int align = channels * bits / 8;
        return new Bytes().u16(tag).u16(channels).u32(rate).u32((long) rate * align).u16(align).u16(bits).get();
    }

    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA,
            0x00, 0x38, (byte) 0x9B, 0x71};

    private static byte[] fmtExtensible(int subTag, int channels, int rate, int bits) {
        int align = channels * bits / 8;
        return new Bytes().u16(0xFFFE).u16(channels).u32(rate).u32((long) rate * align).u16(align).u16(bits)
                .u16(22).u16(bits).u32(0).u16(subTag).bytes(GUID_TAIL).get();
    }

    private static byte[] riff(byte[]... chunks) {
        Bytes body = new Bytes().ascii("WAVE");
        for (byte[] c : chunks) body.bytes(c);
        byte[] b = body.get();
        return new Bytes().ascii("RIFF").u32(b.length).bytes(b).get();
    }

    private static byte[] chunk(String id, byte[] body) {
        return new Bytes().chunk(id, body).get();
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static float[] channel(AudioData a, int c) {
        return a.waveform().select(0, c).contiguous().toFloatArray();
    }

    // ------------------------------------------------------------------ decoding every encoding

    @Test
    void pcm16StereoWithListAndOddChunks() throws IOException {
        short[][] v = {{0, 32767, -32768, 1, -1, 16384}, {5, -5, 100, -100, 32000, -32000}};
        Bytes data = new Bytes();
        for (int i = 0; i < 6; i++) data.u16(v[0][i]).u16(v[1][i]);
        Path p = file("s16.wav", riff(
                chunk("LIST", new Bytes().ascii("INFOISFT").u32(5).ascii("test").u8(0).get()),
                chunk("fmt ", fmt(1, 2, 8000, 16)),
                chunk("odd ", new byte[] {1, 2, 3}),          // odd-sized: followed by a pad byte
                chunk("fact", new Bytes().u32(6).get()),
                chunk("data", data.get()),
                chunk("cue ", new byte[12])));
        AudioData a = Wav.read(p);
        assertEquals(8000, a.sampleRate());
        assertEquals(AudioEncoding.PCM_S16, a.encoding());
        assertArrayEquals(new int[] {2, 6}, a.waveform().shape());
        for (int c = 0; c < 2; c++) {
            float[] got = channel(a, c);
            for (int i = 0; i < 6; i++) assertEquals(v[c][i] / 32768f, got[i], 0f);
        }
        AudioInfo info = Wav.info(p);
        assertEquals(new AudioInfo("WAV", 8000, 2, 6, AudioEncoding.PCM_S16), info);
        assertEquals("PCM_S", info.encoding().torchaudioName());
    }

    @Test
    void pcm8Unsigned() throws IOException {
        int[] v = {255, 0, 128, 129, 127};
        Bytes data = new Bytes();
        for (int x : v) data.u8(x);
        AudioData a = Wav.read(file("u8.wav", riff(chunk("fmt ", fmt(1, 1, 11025, 8)), chunk("data", data.get()))));
        assertEquals(AudioEncoding.PCM_U8, a.encoding());
        // torchaudio 0.13.1 gives [0.9921875, -1.0, 0.0, 0.0078125, -0.0078125]
        assertArrayEquals(new float[] {0.9921875f, -1f, 0f, 0.0078125f, -0.0078125f}, channel(a, 0));
    }

    @Test
    void pcm24ThreeChannels() throws IOException {
        int[] v = {8388607, -8388608, 1, -1, 4194304, -12345};
        Bytes data = new Bytes();
        for (int x : v) data.u24(x);
        AudioData a = Wav.read(file("s24.wav", riff(chunk("fmt ", fmt(1, 3, 48000, 24)), chunk("data", data.get()))));
        assertEquals(AudioEncoding.PCM_S24, a.encoding());
        assertArrayEquals(new int[] {3, 2}, a.waveform().shape());
        for (int c = 0; c < 3; c++) {
            float[] got = channel(a, c);
            for (int f = 0; f < 2; f++) assertEquals(v[f * 3 + c] / 8388608f, got[f], 0f);
        }
    }

    @Test
    void pcm32RoundsLikeTorchaudio() throws IOException {
        int[] v = {Integer.MAX_VALUE, Integer.MIN_VALUE, 1, -1, 1 << 30, 12345678};
        Bytes data = new Bytes();
        for (int x : v) data.u32(x & 0xFFFFFFFFL);
        AudioData a = Wav.read(file("s32.wav", riff(chunk("fmt ", fmt(1, 1, 8000, 32)), chunk("data", data.get()))));
        assertEquals(AudioEncoding.PCM_S32, a.encoding());
        // torchaudio 0.13.1 (sox): [1.0, -1.0, 0.0, 0.0, 0.5, 12345728 / 2^31]
        assertArrayEquals(new float[] {1f, -1f, 0f, 0f, 0.5f, (float) (12345728 / 2147483648.0)}, channel(a, 0));
    }

    @Test
    void floats32And64AsTheyAre() throws IOException {
        double[] v = {0.1234567, 1.5, -2.0, 1e-9, -0.25};
        Bytes d32 = new Bytes(), d64 = new Bytes();
        for (double x : v) {
            d32.f32((float) x);
            d64.f64(x);
        }
        float[] expected = new float[v.length];
        for (int i = 0; i < v.length; i++) expected[i] = (float) v[i];
        AudioData a = Wav.read(file("f32.wav", riff(chunk("fmt ", new Bytes().bytes(fmt(3, 1, 16000, 32)).u16(0).get()),
                chunk("fact", new Bytes().u32(5).get()), chunk("data", d32.get()))));
        assertEquals(AudioEncoding.FLOAT32, a.encoding());
        assertArrayEquals(expected, channel(a, 0));
        AudioData b = Wav.read(file("f64.wav", riff(chunk("fmt ", fmt(3, 1, 16000, 64)), chunk("data", d64.get()))));
        assertEquals(AudioEncoding.FLOAT64, b.encoding());
        assertArrayEquals(expected, channel(b, 0));
    }

    @Test
    void extensiblePcmAndFloat() throws IOException {
        Bytes d16 = new Bytes(), df = new Bytes();
        for (int i = 0; i < 8; i++) {
            d16.u16(i * 1000 - 4000);
            df.f32(i * 0.125f - 0.5f);
        }
        AudioData a = Wav.read(file("ext16.wav", riff(chunk("fmt ", fmtExtensible(1, 4, 22050, 16)), chunk("data", d16.get()))));
        assertEquals(AudioEncoding.PCM_S16, a.encoding());
        assertArrayEquals(new int[] {4, 2}, a.waveform().shape());
        assertEquals((1 * 1000 - 4000) / 32768f, channel(a, 1)[0], 0f);
        assertEquals((5 * 1000 - 4000) / 32768f, channel(a, 1)[1], 0f);
        AudioData b = Wav.read(file("extf.wav", riff(chunk("fmt ", fmtExtensible(3, 2, 22050, 32)), chunk("data", df.get()))));
        assertEquals(AudioEncoding.FLOAT32, b.encoding());
        assertArrayEquals(new float[] {-0.5f, -0.25f, 0f, 0.25f}, channel(b, 0));
        assertArrayEquals(new float[] {-0.375f, -0.125f, 0.125f, 0.375f}, channel(b, 1));
    }

    @Test
    void dataBeforeFmtAndTrailingPartialFrameAndJunk() throws IOException {
        // data first, an odd 5-byte data chunk (2 frames + 1 stray byte), then fmt, then 3 junk bytes.
        byte[] content = riff(chunk("data", new Bytes().u16(1000).u16(-1000).u8(7).get()), chunk("fmt ", fmt(1, 1, 8000, 16)));
        byte[] withJunk = new Bytes().bytes(content).u8(1).u8(2).u8(3).get();
        AudioData a = Wav.read(file("order.wav", withJunk));
        assertArrayEquals(new float[] {1000 / 32768f, -1000 / 32768f}, channel(a, 0));
    }

    // ------------------------------------------------------------------ writing

    @Test
    void write16RoundsLikeTorchaudioAndReadsBack() throws IOException {
        float[] x = {0f, 1f, -1f, 0.5f / 32768, -0.5f / 32768, 1.5f / 32768, -1.5f / 32768, 2f, -2f,
                (float) (0.49999 / 32768), (float) (0.50001 / 32768), (float) (-0.50001 / 32768), 0.1234567f, 0.7f, Float.NaN};
        // torchaudio.save(..., encoding="PCM_S", bits_per_sample=16) in torchaudio 0.13.1 (NaN added here: 0)
        int[] expected = {0, 32767, -32768, 1, 0, 2, -1, 32767, -32768, 0, 1, 0, 4045, 22938, 0};
        Path p = dir.resolve("w16.wav");
        Wav.write16(p, Tensor.of(x, 1, x.length), 8000);
        byte[] raw = Files.readAllBytes(p);
        assertEquals(44 + 2 * x.length, raw.length);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < x.length; i++) assertEquals(expected[i], b.getShort(44 + 2 * i), "sample " + i);
        AudioData a = Wav.read(p);
        for (int i = 0; i < x.length; i++) assertEquals(expected[i] / 32768f, channel(a, 0)[i], 0f);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(p), s.toList(), "no temporary file left behind");
        }
    }

    @Test
    void writeFloatRoundTripsExactlyForManyChannels() throws IOException {
        for (int channels : new int[] {1, 2, 3, 6}) {
            Tensor x = Tensor.randn(channels, 1001).mul(1.5f);
            Path p = dir.resolve("f" + channels + ".wav");
            Wav.writeFloat(p, x, 44100);
            AudioData a = Wav.read(p);
            assertEquals(44100, a.sampleRate());
            assertEquals(AudioEncoding.FLOAT32, a.encoding());
            assertArrayEquals(x.shape(), a.waveform().shape());
            assertArrayEquals(x.toFloatArray(), a.waveform().toFloatArray());
            assertEquals(new AudioInfo("WAV", 44100, channels, 1001, AudioEncoding.FLOAT32), Wav.info(p));
        }
        // A 1-D tensor is mono; a view (transposed) is written by its logical layout; files are replaced.
        Tensor t = Tensor.randn(50, 2).clamp(-0.9f, 0.9f);
        Path p = dir.resolve("view.wav");
        Wav.write16(p, Tensor.randn(7), 8000);
        Wav.write16(p, t.t(), 8000);
        AudioData a = Wav.read(p);
        assertArrayEquals(new int[] {2, 50}, a.waveform().shape());
        float[] expect = t.t().contiguous().toFloatArray();
        float[] got = a.waveform().toFloatArray();
        for (int i = 0; i < expect.length; i++) assertEquals(expect[i], got[i], 1f / 32768);
        Wav.write16(p, Tensor.randn(7), 8000);
        assertArrayEquals(new int[] {1, 7}, Wav.read(p).waveform().shape());
    }

    // ------------------------------------------------------------------ ranges

    @Test
    void rangeReadsSeekWithoutReadingEverything() throws IOException {
        int n = 300_000; // 1.2 MB stereo: beyond the first block and more than one decode step
        float[] v = new float[2 * n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * 7) % 65536 - 32768) / 32768f;
            v[n + i] = ((i * 13) % 65536 - 32768) / 32768f;
        }
        Path p = dir.resolve("long.wav");
        Wav.write16(p, Tensor.wrap(v, 2, n), 16000);
        AudioData all = Wav.read(p);
        assertArrayEquals(v, all.waveform().toFloatArray());

        AudioData part = Wav.read(p, 250_000, 1000);
        assertArrayEquals(new int[] {2, 1000}, part.waveform().shape());
        for (int i = 0; i < 1000; i++) {
            assertEquals(v[250_000 + i], channel(part, 0)[i], 0f);
            assertEquals(v[n + 250_000 + i], channel(part, 1)[i], 0f);
        }
        assertEquals(n - 299_990, Wav.read(p, 299_990, 1000).frames(), "cut at the end");
        assertEquals(0, Wav.read(p, n + 5, 10).frames(), "past the end");
        assertEquals(10, Wav.read(p, n - 10, -1).frames(), "to the end");
        assertEquals(3, Wav.read(p, 0, 3).frames());
        assertThrows(IllegalArgumentException.class, () -> Wav.read(p, -1, 3));
    }

    // ------------------------------------------------------------------ errors

    private void assertBad(String name, byte[] content, String... fragments) throws IOException {
        Path p = file(name, content);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Wav.read(p), name);
        assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        assertEquals(p, e.file());
        assertThrows(AudioFormatException.class, () -> Wav.info(p), name + " (info)");
    }

    @Test
    void corruptFilesAreReportedWithTheFileAndTheProblem() throws IOException {
        byte[] fmt16 = chunk("fmt ", fmt(1, 1, 8000, 16));
        byte[] data = chunk("data", new byte[100]);
        byte[] good = riff(fmt16, data);
        assertBad("empty.wav", new byte[0], "truncated");
        assertBad("short.wav", new byte[] {'R', 'I', 'F', 'F', 0}, "truncated");
        byte[] notRiff = good.clone();
        notRiff[0] = 'X';
        assertBad("notriff.wav", notRiff, "RIFF", "XIFF");
        byte[] notWave = good.clone();
        notWave[8] = 'A';
        assertBad("notwave.wav", notWave, "WAVE");
        assertBad("nofmt.wav", riff(data), "fmt");
        assertBad("nodata.wav", riff(fmt16, chunk("LIST", new byte[4])), "data");
        assertBad("mulaw16.wav", riff(chunk("fmt ", fmt(7, 1, 8000, 16)), data), "mu-law needs 8 bits per sample, found 16");
        assertBad("adpcm.wav", riff(chunk("fmt ", fmt(2, 1, 8000, 4)), data), "0x0002", "ADPCM");
        assertBad("bits12.wav", riff(chunk("fmt ", fmt(1, 1, 8000, 12)), data), "block align 1", "12-bit samples take 2 bytes");
        assertBad("float16.wav", riff(chunk("fmt ", fmt(3, 1, 8000, 16)), data), "float", "16");
        byte[] badAlign = fmt(1, 2, 8000, 16);
        badAlign[12] = 3;
        assertBad("align.wav", riff(chunk("fmt ", badAlign), data), "block align 3");
        assertBad("shortfmt.wav", riff(chunk("fmt ", new byte[12]), data), "fmt", "12 bytes");
        assertBad("zerochannels.wav", riff(chunk("fmt ", fmt(1, 0, 8000, 16)), data), "0 channels");
        byte[] badGuid = fmtExtensible(1, 1, 8000, 16);
        badGuid[30] = 0x55;
        assertBad("guid.wav", riff(chunk("fmt ", badGuid), data), "GUID");
        // Truncated: the data chunk says 100 bytes, the file ends after 40: what is there is read, as libsndfile does.
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 60);
        AudioData cut = Wav.read(file("truncated.wav", truncated));
        assertEquals(20, cut.frames());
        assertEquals(1, cut.warnings().size(), "a cut-short data chunk is read with a warning");
        assertTrue(cut.warnings().get(0).contains("declares 100 bytes but the file ends 40 bytes into it"), cut.warnings().get(0));
        // Streamed: data sizes of 0xFFFFFFFF and 0 mean "to the end of the file".
        for (long declared : new long[] {0xFFFFFFFFL, 0}) {
            byte[] streamed = good.clone();
            int at = streamed.length - 100 - 4;
            java.nio.ByteBuffer.wrap(streamed).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(at, (int) declared).putInt(4, (int) declared);
            AudioData whole = Wav.read(file("streamed.wav", streamed));
            assertEquals(50, whole.frames(), "declared " + declared);
            assertEquals(List.of(), whole.warnings(), "a streamed file is not damaged");
        }
        // A chunk claiming 2 GB: reported before anything is allocated.
        byte[] huge = riff(new Bytes().ascii("LIST").u32(0x7FFFFFF0L).u32(0).get(), fmt16, data);
        assertBad("huge.wav", huge, "'LIST'", "2147483632 bytes");
        Path missing = dir.resolve("missing.wav");
        IOException e = assertThrows(IOException.class, () -> Wav.read(missing));
        assertTrue(e.getMessage().contains("missing.wav"), e.getMessage());
    }

    // ------------------------------------------------------------------ torchaudio.load

    /** The load cases of {@code audio.json}: {@code torchaudio.load(file)} of the 16-bit WAV files that make_golden.py writes. */
    @Test
    void wavFilesEqualTorchaudioLoad() throws IOException {
        Golden g = Golden.audio();
        List<Golden.Case> cases = g.casesWithOp("load");
        assertEquals(4, cases.size(), "load cases in audio.json");
        for (Golden.Case c : cases) {
            Tensor expected = c.output("waveform");
            AudioData a = Wav.read(ReferenceFiles.path(c.stringParam("file")));
            assertEquals(c.intParam("sample_rate"), a.sampleRate(), c.label());
            assertArrayEquals(expected.shape(), a.waveform().shape(), c.label());
            assertArrayEquals(expected.toFloatArray(), a.waveform().toFloatArray(), c.label());
        }
    }

    // ------------------------------------------------------------------ real recordings

    /** The FSDD recordings in {@code ../shared/data} (or {@code -Dcochlea.shared=DIR}), when present. */
    private static Path fsdd() {
        String shared = System.getProperty("cochlea.shared");
        Path d = Path.of(shared != null && !shared.isBlank() ? shared : "../shared").resolve("data").resolve("fsdd").resolve("recordings");
        Assumptions.assumeTrue(Files.isDirectory(d), "FSDD recordings not found at " + d.toAbsolutePath() + "; skipping");
        return d;
    }

    @Test
    void readsAllFsddRecordings() throws IOException {
        Path d = fsdd();
        List<Path> files;
        try (Stream<Path> s = Files.list(d)) {
            files = s.filter(f -> f.toString().endsWith(".wav")).sorted().toList();
        }
        long t0 = System.nanoTime(), samples = 0;
        for (Path f : files) {
            AudioData a = Wav.read(f);
            assertEquals(8000, a.sampleRate(), f.toString());
            assertEquals(1, a.channels(), f.toString());
            assertTrue(a.frames() > 0, f.toString());
            samples += a.frames();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("read %d FSDD recordings (%d samples) in %.0f ms%n", files.size(), samples, ms);
    }

    @Test
    void aFolderNamedLikeAWavFileIsNamedAsAFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(dir.resolve("x.wav"));
        AudioFormatException e = org.junit.jupiter.api.Assertions.assertThrows(AudioFormatException.class, () -> Wav.read(folder));
        org.junit.jupiter.api.Assertions.assertEquals(folder + ": is a folder, not an audio file", e.getMessage());
    }
}
