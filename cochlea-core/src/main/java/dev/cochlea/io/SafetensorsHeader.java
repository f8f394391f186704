package dev.cochlea.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated header of a safetensors file: the tensors in data order, the
 * {@code __metadata__} strings, and where the data buffer starts. Package-private; used by
 * {@link SafetensorsFile}.
 *
 * <pre>{@code
 * try (FileChannel ch = FileChannel.open(path)) {
 *     SafetensorsHeader h = SafetensorsHeader.read(path, ch);
 *     long dataStart = h.dataStart();
 * }
 * }</pre>
 */
final class SafetensorsHeader {
    /** The reference implementation refuses headers larger than this (100 MB); so do we. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    static final String METADATA_KEY = "__metadata__";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;
    private final long dataStart;
    private final long dataLength;

    private SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart, long dataLength) {
        this.tensors = tensors;
        this.metadata = metadata;
        this.dataStart = dataStart;
        this.dataLength = dataLength;
    }

    /** Tensors by name, in the order their data lies in the file (unmodifiable). */
    Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} entries (unmodifiable; empty if absent). */
    Map<String, String> metadata() {
        return metadata;
    }

    /** Absolute file position of the data buffer. */
    long dataStart() {
        return dataStart;
    }

    /** Bytes from the data buffer's start to the end of the file. */
    long dataLength() {
        return dataLength;
    }

    /** Reads and validates the header of {@code file} through {@code ch}. */
    static SafetensorsHeader read(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new SafetensorsException(file, "file is " + size + " bytes long, shorter than the 8-byte header length"
                    + " prefix; not a safetensors file (or truncated)");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lenBuf, 0);
        long n = lenBuf.getLong(0);
        if (n < 0 || n > size - 8) {
            throw new SafetensorsException(file, "header length " + Long.toUnsignedString(n) + " (first 8 bytes, little endian)"
                    + " is larger than the " + (size - 8) + " bytes that follow it; not a safetensors file (or truncated)");
        }
        if (n > MAX_HEADER_BYTES) {
            throw new SafetensorsException(file, "header length " + n + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (n < 2) {
            throw new SafetensorsException(file, "header length " + n + " is too small to hold a JSON object");
        }
        ByteBuffer head = ByteBuffer.allocate((int) n);
        readFully(file, ch, head, 8);
        return parse(file, head.array(), 8 + n, size - 8 - n);
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) throw new SafetensorsException(file, "unexpected end of file while reading the header");
        }
    }

    /** Parses header bytes; {@code dataLength} is the size of the buffer after the header. */
    static SafetensorsHeader parse(Path file, byte[] json, long dataStart, long dataLength) throws SafetensorsException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(file, "header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SafetensorsException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new SafetensorsException(file, "header is empty; expected a JSON object");
        }
        if (!root.isObject()) {
            throw new SafetensorsException(file, "header must be a JSON object, found " + root.getNodeType().name().toLowerCase());
        }
        Map<String, String> metadata = Collections.emptyMap();
        List<TensorInfo> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, e.getValue());
            } else {
                list.add(parseTensor(file, e.getKey(), e.getValue(), dataLength));
            }
        }
        // Stable sort: file order, ties (empty tensors) keep header order.
        list.sort(Comparator.comparingLong(TensorInfo::begin));
        TensorInfo prev = null;
        for (TensorInfo t : list) {
            if (t.byteLength() == 0) continue;
            if (prev != null && t.begin() < prev.end()) {
                throw new SafetensorsException(file, "data of tensors '" + prev.name() + "' (data_offsets [" + prev.begin() + ", "
                        + prev.end() + "]) and '" + t.name() + "' (data_offsets [" + t.begin() + ", " + t.end() + "]) overlap");
            }
            prev = t;
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (TensorInfo t : list) tensors.put(t.name(), t);
        return new SafetensorsHeader(Collections.unmodifiableMap(tensors), metadata, dataStart, dataLength);
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) throws SafetensorsException {
        if (node.isNull()) return Collections.emptyMap();
        if (!node.isObject()) {
            throw new SafetensorsException(file, "'" + METADATA_KEY + "' must be a JSON object of strings, found "
                    + node.getNodeType().name().toLowerCase());
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new SafetensorsException(file, "'" + METADATA_KEY + "' entry '" + e.getKey() + "' must be a string, found "
                        + e.getValue().getNodeType().name().toLowerCase() + " " + e.getValue());
            }
            m.put(e.getKey(), e.getValue().asText());
        }
        return Collections.unmodifiableMap(m);
    }

    private static TensorInfo parseTensor(Path file, String name, JsonNode node, long dataLength) throws SafetensorsException {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw new SafetensorsException(file, where + ": entry must be a JSON object with dtype, shape and data_offsets, found "
                    + node.getNodeType().name().toLowerCase());
        }
        JsonNode dt = node.get("dtype");
        if (dt == null) throw new SafetensorsException(file, where + ": missing field 'dtype'");
        if (!dt.isTextual()) throw new SafetensorsException(file, where + ": 'dtype' must be a string, found " + dt);
        SafetensorsDType dtype = SafetensorsDType.fromName(dt.asText());
        if (dtype == null) {
            throw new SafetensorsException(file, where + ": unsupported dtype '" + dt.asText() + "'; supported: "
                    + SafetensorsDType.supportedNames());
        }
        JsonNode sh = node.get("shape");
        if (sh == null) throw new SafetensorsException(file, where + ": missing field 'shape'");
        if (!sh.isArray()) throw new SafetensorsException(file, where + ": 'shape' must be an array of integers, found " + sh);
        int[] shape = new int[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.isIntegralNumber()) {
                throw new SafetensorsException(file, where + ": 'shape' must be an array of integers, found " + sh);
            }
            if (d.bigIntegerValue().signum() < 0) {
                throw new SafetensorsException(file, where + ": negative dimension in shape " + sh);
            }
            if (!d.canConvertToInt()) {
                throw new SafetensorsException(file, where + ": dimension " + d + " in shape " + sh + " exceeds "
                        + Integer.MAX_VALUE);
            }
            shape[i] = d.intValue();
        }
        JsonNode off = node.get("data_offsets");
        if (off == null) throw new SafetensorsException(file, where + ": missing field 'data_offsets'");
        if (!off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()
                || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw new SafetensorsException(file, where + ": 'data_offsets' must be an array of two integers [begin, end], found " + off);
        }
        long begin = off.get(0).longValue();
        long end = off.get(1).longValue();
        if (begin < 0 || end < begin) {
            throw new SafetensorsException(file, where + ": invalid data_offsets " + off + "; expected 0 <= begin <= end");
        }
        if (end > dataLength) {
            throw new SafetensorsException(file, where + ": data_offsets " + off + " lie outside the data buffer of "
                    + dataLength + " bytes (file truncated?)");
        }
        long expected;
        try {
            long numel = 1;
            for (int d : shape) numel = Math.multiplyExact(numel, (long) d);
            expected = Math.multiplyExact(numel, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new SafetensorsException(file, where + ": shape " + Arrays.toString(shape) + " is too large");
        }
        if (end - begin != expected) {
            throw new SafetensorsException(file, where + ": dtype " + dtype + " and shape " + Arrays.toString(shape) + " need "
                    + expected + " bytes, but data_offsets " + off + " span " + (end - begin));
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }
}
