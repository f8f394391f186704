package dev.cochlea.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cochlea.io.Safetensors;
import dev.cochlea.io.SafetensorsDType;
import dev.cochlea.io.TensorInfo;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Fuzzes {@link Safetensors#load} (the 8-byte length, the JSON header, the tensors) and
 * {@link Safetensors#infos}/{@link Safetensors#metadata}: the shapes loaded must be the shapes
 * the header declares.
 */
class SafetensorsFuzzTest extends FuzzTestBase {
    static final FuzzTarget TARGET = new Target();

    SafetensorsFuzzTest() {
        super(TARGET, 12_000);
    }

    static Stream<Arguments> seeds() {
        return seedArguments(TARGET);
    }

    /** Jazzer's coverage-guided fuzzing, on demand: {@code bench/fuzz.sh safetensors 600}. */
    @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        Fuzzer.check(TARGET, input);
    }

    static final class Target implements FuzzTarget {
        private static final List<String> WORDS = List.of("dtype", "shape", "data_offsets", "__metadata__", "format", "pt",
                "F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8", "BOOL", "F8_E4M3", "f32", "w", "b");
        private List<byte[]> seeds;

        @Override
        public String name() {
            return "safetensors";
        }

        @Override
        public synchronized List<byte[]> seeds() {
            if (seeds == null) seeds = List.copyOf(makeSeeds());
            return seeds;
        }

        @Override
        public long allocationLimit(int inputBytes) {
            // U8 and BOOL load as longs (8 bytes per byte); the JSON tree takes some tens of bytes per header byte.
            return 32L * inputBytes + (8L << 20);
        }

        @Override
        public void run(byte[] input, Path dir) throws Exception {
            Path f = dir.resolve("input.safetensors");
            Files.write(f, input);
            Map<String, Tensor> tensors = Safetensors.load(f);
            List<TensorInfo> infos = Safetensors.infos(f);
            Safetensors.metadata(f);
            if (infos.size() != tensors.size()) {
                throw new AssertionError("infos lists " + infos.size() + " tensors, load gives " + tensors.size());
            }
            for (TensorInfo i : infos) {
                Tensor t = tensors.get(i.name());
                if (t == null || !Arrays.equals(t.shape(), i.shape())) {
                    throw new AssertionError("tensor '" + i.name() + "' declared " + Arrays.toString(i.shape()) + ", loaded "
                            + (t == null ? "nothing" : Arrays.toString(t.shape())));
                }
            }
        }

        /** Mutates the JSON header and, most of the time, makes the length prefix fit it again; or edits the prefix. */
        @Override
        public byte[] mutate(byte[] x, Random r, List<byte[]> corpus) {
            if (x.length < 8) return null;
            long n = Mutator.getLe(x, 0, 8);
            if (n < 0 || n > x.length - 8) return null;
            byte[] header = Arrays.copyOfRange(x, 8, 8 + (int) n), data = Arrays.copyOfRange(x, 8 + (int) n, x.length);
            if (r.nextInt(5) == 0) { // the length prefix or the data's length
                long[] v = {n + 1, n - 1, x.length - 8, x.length - 7, 0, 1, 2, -1, 100_000_001, Long.MIN_VALUE};
                if (r.nextBoolean()) return Mutator.putLe(x, 0, 8, v[r.nextInt(v.length)]);
                return file(header, Arrays.copyOf(data, r.nextBoolean() ? r.nextInt(data.length + 1) : data.length + 1 + r.nextInt(64)), true);
            }
            byte[] h = JsonMutator.mutate(header, r, WORDS);
            return h == null ? null : file(h, data, r.nextInt(10) != 0);
        }

        /** The 8-byte length, the header and the data; {@code fitLength} false keeps the length of the old header. */
        static byte[] file(byte[] header, byte[] data, boolean fitLength) {
            ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(fitLength ? header.length : Math.max(0, header.length - 1)).put(header).put(data);
            return b.array();
        }

        private static List<byte[]> makeSeeds() {
            List<byte[]> s = new ArrayList<>();
            try {
                Path dir = Files.createTempDirectory("cochlea-fuzz-seed");
                try {
                    Path f = dir.resolve("seed.safetensors");
                    s.add(saved(f, Map.of(), null));
                    Map<String, Tensor> m = new LinkedHashMap<>();
                    m.put("w", Tensor.wrap(new float[] {1, -2, 3.5f, Float.NaN, Float.POSITIVE_INFINITY, 0}, 2, 3));
                    m.put("scalar", Tensor.wrap(new float[] {7}));
                    m.put("empty", Tensor.zeros(0, 4));
                    m.put("steps", Tensor.ofLongs(new long[] {1, -1, Long.MAX_VALUE}, 3));
                    Map<String, String> metadata = new LinkedHashMap<>();   // not Map.of: its order changes from run to run
                    metadata.put("format", "pt");
                    metadata.put("epoch", "3");
                    s.add(saved(f, m, metadata));
                    s.add(saved(f, Map.of("x", Tensor.zeros(1, 1, 2, 1)), Map.of()));
                } finally {
                    Fuzzer.clear(dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Every other dtype, written by hand: [2, 2] of each, with a little metadata.
            Random r = new Random(11);
            StringBuilder json = new StringBuilder("{\"__metadata__\":{\"note\":\"hand-written\"}");
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (SafetensorsDType d : SafetensorsDType.values()) {
                int bytes = 4 * d.byteSize();
                json.append(",\"").append(d.name().toLowerCase()).append("\":{\"dtype\":\"").append(d.name())
                        .append("\",\"shape\":[2,2],\"data_offsets\":[").append(data.size()).append(',').append(data.size() + bytes).append("]}");
                data.writeBytes(Mutator.randomBytes(r, bytes));
            }
            s.add(file(json.append('}').toString().getBytes(StandardCharsets.UTF_8), data.toByteArray(), true));
            return s;
        }

        private static byte[] saved(Path f, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
            if (metadata == null) Safetensors.save(f, tensors);
            else Safetensors.save(f, tensors, metadata);
            return Files.readAllBytes(f);
        }
    }
}
