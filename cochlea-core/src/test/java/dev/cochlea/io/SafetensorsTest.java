package dev.cochlea.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.testing.ReferenceFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ helpers

    /** A safetensors file from a header string (padded here) and raw data bytes. */
    private Path raw(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(data);
        Path p = dir.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private SafetensorsException corrupt(String name, String header, byte[] data) throws IOException {
        Path p = raw(name, header, data);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.load(p));
        assertTrue(e.getMessage().contains(name), "message should name the file: " + e.getMessage());
        assertEquals(p, e.file());
        return e;
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void roundTripFloatAndLongKeepsOrderAndValues() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("z.weight", Tensor.of(new float[] {1.5f, -2f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, Float.NEGATIVE_INFINITY}, 2, 3));
        m.put("a.labels", Tensor.ofLongs(new long[] {Long.MIN_VALUE, -1, 0, 7, Long.MAX_VALUE}, 5));
        m.put("m.bias", Tensor.of(new float[] {3f}, 1));
        Path p = dir.resolve("rt.safetensors");
        Safetensors.save(p, m);

        Map<String, Tensor> back = Safetensors.load(p);
        assertEquals(List.of("z.weight", "a.labels", "m.bias"), List.copyOf(back.keySet()));
        assertArrayEquals(new int[] {2, 3}, back.get("z.weight").shape());
        assertEquals(DType.FLOAT32, back.get("z.weight").dtype());
        assertArrayEquals(m.get("z.weight").toFloatArray(), back.get("z.weight").toFloatArray());
        assertEquals(DType.INT64, back.get("a.labels").dtype());
        assertArrayEquals(m.get("a.labels").toLongArray(), back.get("a.labels").toLongArray());
        assertTrue(Safetensors.metadata(p).isEmpty());

        // Layout as the reference writes it: 8-byte length, JSON padded with spaces to a multiple of 8.
        byte[] bytes = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        assertEquals(8 + n + 6 * 4 + 5 * 8 + 4, bytes.length);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"));
        JsonNode json = new ObjectMapper().readTree(header.strip());
        assertFalse(json.has("__metadata__"));
        assertEquals("F32", json.get("z.weight").get("dtype").asText());
        assertEquals("I64", json.get("a.labels").get("dtype").asText());
        assertEquals("[0,24]", json.get("z.weight").get("data_offsets").toString());
        assertEquals("[24,64]", json.get("a.labels").get("data_offsets").toString());
    }

    @Test
    void roundTripScalarEmptyAndNonContiguous() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("scalar", Tensor.scalar(4.25f));
        m.put("empty", Tensor.of(new float[0], 0, 3));
        m.put("emptyLong", Tensor.ofLongs(new long[0], 2, 0));
        m.put("transposed", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).t());
        m.put("view", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 6).narrow(0, 2, 3));
        Path p = dir.resolve("shapes.safetensors");
        Safetensors.save(p, m);

        Map<String, Tensor> back = Safetensors.load(p);
        assertArrayEquals(new int[0], back.get("scalar").shape());
        assertEquals(4.25f, back.get("scalar").item());
        assertArrayEquals(new int[] {0, 3}, back.get("empty").shape());
        assertArrayEquals(new int[] {2, 0}, back.get("emptyLong").shape());
        assertEquals(DType.INT64, back.get("emptyLong").dtype());
        assertArrayEquals(new int[] {3, 2}, back.get("transposed").shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, back.get("transposed").toFloatArray());
        assertArrayEquals(new float[] {3, 4, 5}, back.get("view").toFloatArray());
    }

    @Test
    void roundTripEmptyMapAndMetadata() throws IOException {
        Path p = dir.resolve("meta.safetensors");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("note", "ünïcødé \"quoted\"\n");
        Safetensors.save(p, Map.of(), meta);
        assertTrue(Safetensors.load(p).isEmpty());
        assertEquals(meta, Safetensors.metadata(p));
        assertEquals(List.copyOf(meta.keySet()), List.copyOf(Safetensors.metadata(p).keySet()));

        Map<String, Tensor> m = Map.of("x", Tensor.of(new float[] {1, 2}, 2));
        Safetensors.save(p, m, Map.of("epoch", "3"));
        assertEquals(Map.of("epoch", "3"), Safetensors.metadata(p));
        assertArrayEquals(new float[] {1, 2}, Safetensors.load(p).get("x").toFloatArray());
    }

    @Test
    void lazyFileListsAndReadsOnDemand() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        m.put("b", Tensor.ofLongs(new long[] {9}, 1));
        Path p = dir.resolve("lazy.safetensors");
        Safetensors.save(p, m, Map.of("k", "v"));
        Tensor a;
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(List.of("a", "b"), f.names());
            assertEquals(2, f.size());
            assertTrue(f.contains("b"));
            assertEquals(SafetensorsDType.F32, f.dtype("a"));
            assertEquals(SafetensorsDType.I64, f.info("b").dtype());
            assertArrayEquals(new int[] {2, 2}, f.shape("a"));
            assertEquals(new TensorInfo("b", SafetensorsDType.I64, new int[] {1}, 16, 24), f.info("b"));
            assertEquals(Map.of("k", "v"), f.metadata());
            a = f.get("a");
            assertEquals(9L, f.get("b").toLongArray()[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.get("c"));
            assertMessage(e, "lazy.safetensors", "'c'", "'a'", "'b'");
        }
        assertArrayEquals(new float[] {1, 2, 3, 4}, a.toFloatArray(), "tensors outlive the mapping");
        SafetensorsFile f = SafetensorsFile.open(p);
        f.close();
        f.close();
        assertThrows(IllegalStateException.class, () -> f.get("a"));
        assertEquals(2, Safetensors.infos(p).size());
    }

    @Test
    void saveIsAtomicAndLeavesNoTempFiles() throws IOException {
        Path p = dir.resolve("atomic.safetensors");
        Safetensors.save(p, Map.of("x", Tensor.of(new float[] {1}, 1)));
        Safetensors.save(p, Map.of("x", Tensor.of(new float[] {2}, 1)));
        assertEquals(2f, Safetensors.load(p).get("x").item());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(p), s.toList());
        }

        // A failure while writing leaves the old file untouched and removes the temporary file.
        byte[] before = Files.readAllBytes(p);
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(p, true, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IOException("disk full (simulated)");
        }));
        assertEquals(p.toAbsolutePath() + ": could not be written: disk full (simulated)", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(p), s.toList());
        }

        // Invalid input fails before anything is written.
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("__metadata__", Tensor.scalar(1));
        SafetensorsException se = assertThrows(SafetensorsException.class, () -> Safetensors.save(p, bad));
        assertMessage(se, "atomic.safetensors", "reserved");
        Map<String, String> badMeta = new LinkedHashMap<>();
        badMeta.put("k", null);
        assertThrows(SafetensorsException.class, () -> Safetensors.save(p, Map.of(), badMeta));
        assertArrayEquals(before, Files.readAllBytes(p));

        // saveNew never replaces.
        assertThrows(FileAlreadyExistsException.class, () -> Safetensors.saveNew(p, Map.of(), null));
        assertArrayEquals(before, Files.readAllBytes(p));
        Path q = dir.resolve("new.safetensors");
        Safetensors.saveNew(q, Map.of("y", Tensor.scalar(5)), null);
        assertEquals(5f, Safetensors.load(q).get("y").item());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count());
        }
    }

    // ------------------------------------------------------------------ reading other dtypes

    @Test
    void readsF64() throws IOException {
        ByteBuffer b = le(24).putDouble(1.0 / 3).putDouble(-1e300).putDouble(2.5);
        Path p = raw("f64.safetensors", "{" + entry("x", "F64", "[3]", 0, 24) + "}", b.array());
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(SafetensorsDType.F64, f.dtype("x"));
            Tensor t = f.get("x");
            assertEquals(DType.FLOAT32, t.dtype());
            assertArrayEquals(new float[] {(float) (1.0 / 3), Float.NEGATIVE_INFINITY, 2.5f}, t.toFloatArray());
        }
    }

    @Test
    void readsF16IncludingSubnormalsAndInfinities() throws IOException {
        short[] bits = {0x3C00, (short) 0xC000, 0x0001, 0x03FF, 0x7BFF, 0x7C00, (short) 0xFC00, (short) 0x8000, 0x3555};
        float[] expected = {1f, -2f, 5.9604645e-8f, 6.097555e-5f, 65504f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                -0f, 0.33325195f};
        ByteBuffer b = le(2 * bits.length + 2);
        for (short s : bits) b.putShort(s);
        b.putShort((short) 0x7E00); // NaN
        Path p = raw("f16.safetensors", "{" + entry("h", "F16", "[2,5]", 0, 20) + "}", b.array());
        Tensor t = Safetensors.load(p).get("h");
        assertArrayEquals(new int[] {2, 5}, t.shape());
        float[] v = t.toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(v[i]), "element " + i + ": " + v[i]);
        }
        assertTrue(Float.isNaN(v[9]));
    }

    @Test
    void readsBF16() throws IOException {
        float[] values = {1f, -3.5f, 1e-40f /* subnormal */, Float.POSITIVE_INFINITY, 0.1f /* truncated */};
        ByteBuffer b = le(10);
        for (float v : values) b.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
        Path p = raw("bf16.safetensors", "{" + entry("w", "BF16", "[5]", 0, 10) + "}", b.array());
        float[] got = Safetensors.load(p).get("w").toFloatArray();
        for (int i = 0; i < values.length; i++) {
            float truncated = Float.intBitsToFloat(Float.floatToRawIntBits(values[i]) & 0xFFFF0000);
            assertEquals(truncated, got[i], "element " + i);
        }
        assertEquals(-3.5f, got[1]);
    }

    @Test
    void readsIntegerTypesAsInt64() throws IOException {
        ByteBuffer i32 = le(12).putInt(-7).putInt(Integer.MAX_VALUE).putInt(Integer.MIN_VALUE);
        byte[] u8 = {0, 1, (byte) 200, (byte) 255};
        ByteBuffer data = le(12 + 4 + 2 + 2 + 2);
        data.put(i32.array()).put(u8).put(new byte[] {-3, 4}).putShort((short) -2).put(new byte[] {0, 5});
        String header = "{" + entry("i", "I32", "[3]", 0, 12) + "," + entry("u", "U8", "[2,2]", 12, 16) + ","
                + entry("s", "I8", "[2]", 16, 18) + "," + entry("h", "I16", "[1]", 18, 20) + ","
                + entry("b", "BOOL", "[2]", 20, 22) + "}";
        Path p = raw("ints.safetensors", header, data.array());
        Map<String, Tensor> m = Safetensors.load(p);
        assertEquals(List.of("i", "u", "s", "h", "b"), List.copyOf(m.keySet()));
        for (Tensor t : m.values()) assertEquals(DType.INT64, t.dtype());
        assertArrayEquals(new long[] {-7, Integer.MAX_VALUE, Integer.MIN_VALUE}, m.get("i").toLongArray());
        assertArrayEquals(new long[] {0, 1, 200, 255}, m.get("u").toLongArray());
        assertArrayEquals(new int[] {2, 2}, m.get("u").shape());
        assertArrayEquals(new long[] {-3, 4}, m.get("s").toLongArray());
        assertArrayEquals(new long[] {-2}, m.get("h").toLongArray());
        assertArrayEquals(new long[] {0, 1}, m.get("b").toLongArray());
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(SafetensorsDType.U8, f.dtype("u"));
            assertEquals(SafetensorsDType.I32, f.dtype("i"));
        }
    }

    @Test
    void fileOrderFollowsDataOffsetsAndHeaderMayHaveGapsAndMetadataAnywhere() throws IOException {
        ByteBuffer b = le(16).putFloat(1).putFloat(2).putFloat(0).putFloat(3);
        String header = "{" + entry("second", "F32", "[1]", 12, 16) + ",\"__metadata__\":{\"a\":\"b\"},"
                + entry("first", "F32", "[2]", 0, 8) + "," + entry("none", "F32", "[0]", 8, 8) + "}   ";
        Path p = raw("order.safetensors", header, b.array());
        assertEquals(List.of("first", "none", "second"), List.copyOf(Safetensors.load(p).keySet()));
        assertEquals(Map.of("a", "b"), Safetensors.metadata(p));
        assertEquals(3f, Safetensors.load(p).get("second").item());
    }

    // ------------------------------------------------------------------ corrupt files

    @Test
    void rejectsFilesShorterThanEightBytes() throws IOException {
        Path p = dir.resolve("short.safetensors");
        Files.write(p, new byte[] {1, 2, 3});
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.load(p));
        assertMessage(e, "short.safetensors", "3 bytes", "shorter than");
        Path empty = dir.resolve("empty.safetensors");
        Files.write(empty, new byte[0]);
        assertMessage(assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(empty)), "empty.safetensors");
    }

    @Test
    void rejectsHeaderLengthBeyondFileBeforeAllocating() throws IOException {
        Path p = dir.resolve("huge.safetensors");
        byte[] bytes = le(12).putLong(Long.MAX_VALUE - 3).putInt(0x7B7D2020).array();
        Files.write(p, bytes);
        assertMessage(assertThrows(SafetensorsException.class, () -> Safetensors.load(p)), "huge.safetensors",
                "header length", "larger than the 4 bytes");
        Files.write(p, le(8).putLong(-1).array()); // 2^64 - 1 as unsigned
        assertMessage(assertThrows(SafetensorsException.class, () -> Safetensors.load(p)), "18446744073709551615");
        Files.write(p, le(12).putLong(5).putInt(0).array());
        assertMessage(assertThrows(SafetensorsException.class, () -> Safetensors.metadata(p)), "huge.safetensors", "header length 5");
    }

    @Test
    void rejectsInvalidJson() throws IOException {
        assertMessage(corrupt("json1.safetensors", "{\"x\": {\"dtype\": \"F32\",", new byte[0]), "not valid JSON");
        assertMessage(corrupt("json2.safetensors", "[1, 2]  ", new byte[0]), "must be a JSON object");
        assertMessage(corrupt("json3.safetensors", "{} {}", new byte[0]), "not valid JSON");
        assertMessage(corrupt("json4.safetensors", "        ", new byte[0]), "empty");
        assertMessage(corrupt("json5.safetensors", "{" + entry("x", "F32", "[1]", 0, 4) + "," + entry("x", "F32", "[1]", 0, 4) + "}",
                new byte[4]), "not valid JSON", "Duplicate");
    }

    @Test
    void rejectsMissingOrMalformedFields() throws IOException {
        byte[] d = new byte[8];
        assertMessage(corrupt("m1.safetensors", "{\"x\":{\"shape\":[2],\"data_offsets\":[0,8]}}", d), "'x'", "missing field 'dtype'");
        assertMessage(corrupt("m2.safetensors", "{\"x\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", d), "missing field 'shape'");
        assertMessage(corrupt("m3.safetensors", "{\"x\":{\"dtype\":\"F32\",\"shape\":[2]}}", d), "missing field 'data_offsets'");
        assertMessage(corrupt("m4.safetensors", "{" + entry("x", "F32", "[\"2\"]", 0, 8) + "}", d), "'shape' must be an array of integers");
        assertMessage(corrupt("m5.safetensors", "{" + entry("x", "F32", "[2.5]", 0, 8) + "}", d), "'shape' must be an array of integers");
        assertMessage(corrupt("m6.safetensors", "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", d),
                "'data_offsets' must be an array of two integers");
        assertMessage(corrupt("m7.safetensors", "{\"x\":{\"dtype\":7,\"shape\":[2],\"data_offsets\":[0,8]}}", d), "'dtype' must be a string");
        assertMessage(corrupt("m8.safetensors", "{\"x\":[1]}", d), "tensor 'x'", "must be a JSON object");
        assertMessage(corrupt("m9.safetensors", "{\"__metadata__\":{\"a\":1}}", d), "'__metadata__' entry 'a' must be a string");
        assertMessage(corrupt("m10.safetensors", "{\"__metadata__\":[\"a\"]}", d), "'__metadata__' must be a JSON object");
        assertMessage(corrupt("m11.safetensors", "{" + entry("x", "F32", "[2]", 8, 0) + "}", d), "invalid data_offsets");
        assertMessage(corrupt("m12.safetensors", "{" + entry("x", "F32", "[2]", -4, 4) + "}", d), "invalid data_offsets");
    }

    @Test
    void rejectsNegativeDimensions() throws IOException {
        assertMessage(corrupt("neg.safetensors", "{" + entry("x", "F32", "[2,-1]", 0, 8) + "}", new byte[8]),
                "'x'", "negative dimension", "[2,-1]");
    }

    @Test
    void rejectsUnsupportedDtypeNamingSupportedOnes() throws IOException {
        SafetensorsException e = corrupt("dt.safetensors", "{" + entry("x", "F8_E4M3", "[2]", 0, 2) + "}", new byte[2]);
        assertMessage(e, "'x'", "unsupported dtype 'F8_E4M3'", "F32", "BF16", "I64", "U8");
        assertMessage(corrupt("dt2.safetensors", "{" + entry("x", "f32", "[2]", 0, 8) + "}", new byte[8]), "unsupported dtype 'f32'");
    }

    @Test
    void rejectsOffsetsOutsideBufferOverlappingOrInconsistent() throws IOException {
        assertMessage(corrupt("out.safetensors", "{" + entry("x", "F32", "[4]", 0, 16) + "}", new byte[12]),
                "'x'", "outside the data buffer of 12 bytes");
        assertMessage(corrupt("size.safetensors", "{" + entry("x", "F32", "[2,3]", 0, 20) + "}", new byte[24]),
                "'x'", "need 24 bytes", "span 20");
        assertMessage(corrupt("i64.safetensors", "{" + entry("x", "I64", "[2]", 0, 8) + "}", new byte[16]), "need 16 bytes");
        SafetensorsException e = corrupt("overlap.safetensors",
                "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", new byte[12]);
        assertMessage(e, "'a'", "'b'", "overlap");
        assertMessage(corrupt("big.safetensors", "{" + entry("x", "F32", "[2147483647,2147483647,2147483647]", 0, 8) + "}",
                new byte[8]), "'x'", "too large");
    }

    // ------------------------------------------------------------------ reference files

    /** A file of reference/make_golden.py or make_kws_reference.py, from the test classpath (fails when missing). */
    private static Path golden(String name) {
        return ReferenceFiles.path(name);
    }

    @Test
    void readsPyTorchGoldenFiles() throws IOException {
        for (String name : List.of("nn.safetensors", "audio.safetensors", "kws.safetensors")) {
            Path p = golden(name);
            Map<String, Tensor> all = Safetensors.load(p);
            assertFalse(all.isEmpty(), name);
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                assertEquals(List.copyOf(all.keySet()), f.names());
                long expectedEnd = 0;
                for (TensorInfo info : f.infos()) {
                    assertEquals(expectedEnd, info.begin(), "reference files are packed: " + info);
                    expectedEnd = info.end();
                    assertTrue(info.dtype() == SafetensorsDType.F32 || info.dtype() == SafetensorsDType.F16
                            || info.dtype() == SafetensorsDType.I64, info.toString());
                    Tensor t = all.get(info.name());
                    assertArrayEquals(info.shape(), t.shape(), info.name());
                    assertEquals(info.dtype().tensorDType(), t.dtype(), info.name());
                }
                long n = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                assertEquals(Files.size(p), 8 + n + expectedEnd, "no bytes after the last tensor");
            }
        }
        Map<String, Tensor> nn = Safetensors.load(golden("nn.safetensors"));
        assertArrayEquals(new int[] {4, 7}, nn.get("linear.in.input").shape());
        assertArrayEquals(new int[] {5, 7}, nn.get("linear.in.weight").shape());
        assertEquals(DType.INT64, nn.get("cross_entropy.in.target").dtype());
        assertArrayEquals(new int[0], nn.get("cross_entropy.out.output").shape());
        for (long c : nn.get("cross_entropy.in.target").toLongArray()) assertTrue(c >= 0 && c < 10);
        try (SafetensorsFile f = SafetensorsFile.open(golden("nn.safetensors"))) {
            assertEquals(SafetensorsDType.F16, f.info("cifar_quick_grad.in.model.0.weight").dtype(), "start weights stored as F16");
        }

        // Re-saving and re-loading gives the same tensors (the F16 ones come back as F32 of the same values).
        Path copy = dir.resolve("nn-copy.safetensors");
        Safetensors.save(copy, nn);
        Map<String, Tensor> again = Safetensors.load(copy);
        assertEquals(List.copyOf(nn.keySet()), List.copyOf(again.keySet()));
        for (String k : nn.keySet()) {
            if (nn.get(k).dtype() == DType.FLOAT32) assertArrayEquals(nn.get(k).toFloatArray(), again.get(k).toFloatArray(), k);
            else assertArrayEquals(nn.get(k).toLongArray(), again.get(k).toLongArray(), k);
        }
        // A file of F32 tensors only is written byte for byte as the reference writer wrote it.
        Map<String, Tensor> audio = Safetensors.load(golden("audio.safetensors"));
        Path audioCopy = dir.resolve("audio-copy.safetensors");
        Safetensors.save(audioCopy, audio);
        assertArrayEquals(Files.readAllBytes(golden("audio.safetensors")), Files.readAllBytes(audioCopy),
                "byte-identical to the reference writer's file");
    }
}
