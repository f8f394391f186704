package dev.cochlea.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cochlea.train.FeatureConfig;
import dev.cochlea.train.RunConfig;
import dev.cochlea.train.RunFolder;
import dev.cochlea.train.TrainSettings;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Fuzzes a run folder: {@link RunConfig#read} on its {@code config.json} and {@link RunFolder#open}
 * with {@code checkpoint.json} and the checkpoint's {@code manifest.json}. A configuration that
 * reads must also give its settings, normaliser and input shape without an error.
 *
 * <p>An input is up to three parts separated by a zero byte: {@code config.json}, then
 * {@code checkpoint.json} and {@code manifest.json}. With one part the run has the layout before
 * checkpoints; with three the configuration is also the checkpoint's ({@code checkpoints/c1/}).
 * So that mutations get past the checksums, {@code @sha} in the pointer becomes the manifest's
 * SHA-256, and {@code @config-sha}/{@code @config-size} in the manifest the configuration's.
 */
class RunConfigFuzzTest extends FuzzTestBase {
    static final FuzzTarget TARGET = new Target();

    RunConfigFuzzTest() {
        super(TARGET, 8_000);
    }

    static Stream<Arguments> seeds() {
        return seedArguments(TARGET);
    }

    /** Jazzer's coverage-guided fuzzing, on demand: {@code bench/fuzz.sh config 600}. */
    @EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = ".+")
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) {
        Fuzzer.check(TARGET, input);
    }

    static final class Target implements FuzzTarget {
        private static final List<String> WORDS = List.of("cochlea_version", "model", "classes", "features", "norm_mean", "norm_std",
                "training", "epochs_done", "best_epoch", "best_accuracy", "kind", "sample_rate", "clip_samples", "n_fft", "win_length",
                "hop_length", "n_mels", "f_min", "f_max", "mel_scale", "norm", "n_mfcc", "top_db", "remove_dc", "trim_db", "data",
                "label_pattern", "group_pattern", "split", "epochs", "batch_size", "lr", "optimizer", "seed", "spec_augment",
                "validation", "normalize", "augment", "noise_dir", "rir_dir", "time_shift", "weight_decay", "label_smoothing",
                "mixup", "ema", "patience", "refit", "mel", "mfcc", "pcen", "htk", "slaney", "none", "cnn", "mlp", "cnn+cifar",
                "bcresnet-1", "tcresnet8", "adam", "sgd", "adamw", "dataset", "utterance", "official", "random:0.25", "auto",
                "noise", "(", "[a-", "\\\\d+", "checkpoint", "epoch", "manifest_sha256", "files", "sha256", "size",
                "checkpoints/c1", "checkpoints/c2", "checkpoints/..", "model.safetensors", "last.safetensors",
                "optimizer.safetensors", "trainer.safetensors", "config.json", "@sha", "@config-sha", "@config-size");
        private List<byte[]> seeds;

        @Override
        public String name() {
            return "config";
        }

        @Override
        public synchronized List<byte[]> seeds() {
            if (seeds == null) seeds = makeSeeds();
            return seeds;
        }

        @Override
        public long allocationLimit(int inputBytes) {
            return 64L * inputBytes + (16L << 20);
        }

        @Override
        public int structuredPercent() {
            return 80;
        }

        @Override
        public void run(byte[] input, Path dir) throws Exception {
            List<byte[]> parts = split(input);
            byte[] config = parts.get(0);
            Files.write(dir.resolve(RunConfig.FILE), config);
            if (parts.size() >= 3) {
                Path folder = Files.createDirectories(dir.resolve("checkpoints").resolve("c1"));
                Files.write(folder.resolve(RunConfig.FILE), config);
                String manifest = new String(parts.get(2), StandardCharsets.UTF_8)
                        .replace("@config-sha", sha256(config)).replace("@config-size", Integer.toString(config.length));
                byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
                Files.write(folder.resolve(RunFolder.MANIFEST), m);
                String pointer = new String(parts.get(1), StandardCharsets.UTF_8).replace("@sha", sha256(m));
                Files.writeString(dir.resolve(RunFolder.POINTER), pointer);
            } else if (parts.size() == 2) {
                Files.write(dir.resolve(RunFolder.POINTER), parts.get(1));
            }
            RunConfig legacy = RunConfig.read(dir);
            use(legacy, dir);
            try (RunFolder run = RunFolder.open(dir)) {
                use(run.config(), dir);
            }
        }

        /** What loading a run does with a configuration that reads: none of it may fail. */
        private static void use(RunConfig c, Path dir) {
            c.normalization();
            c.normalizer();
            c.settings(dir.resolve("out")).build();
            c.features().inputShape();
        }

        @Override
        public byte[] mutate(byte[] x, Random r, List<byte[]> corpus) {
            List<byte[]> parts = split(x);
            if (r.nextInt(12) == 0) { // drop, repeat or swap parts
                List<byte[]> p = new ArrayList<>(parts);
                int i = r.nextInt(p.size());
                switch (r.nextInt(3)) {
                    case 0 -> { if (p.size() > 1) p.remove(i); }
                    case 1 -> p.add(p.get(i));
                    default -> java.util.Collections.swap(p, i, r.nextInt(p.size()));
                }
                return join(p);
            }
            int i = r.nextInt(parts.size());
            byte[] m = JsonMutator.mutate(parts.get(i), r, WORDS);
            if (m == null) return null;
            List<byte[]> p = new ArrayList<>(parts);
            p.set(i, m);
            return join(p);
        }

        static List<byte[]> split(byte[] x) {
            List<byte[]> parts = new ArrayList<>();
            int from = 0;
            for (int i = 0; i <= x.length; i++) {
                if (i == x.length || x[i] == 0) {
                    parts.add(java.util.Arrays.copyOfRange(x, from, i));
                    from = i + 1;
                }
            }
            return parts;
        }

        static byte[] join(List<byte[]> parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) out.write(0);
                out.writeBytes(parts.get(i));
            }
            return out.toByteArray();
        }

        private static String sha256(byte[] b) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        }

        private static List<byte[]> makeSeeds() {
            TrainSettings s = TrainSettings.builder(Path.of("data"), Path.of("out")).build();
            RunConfig plain = new RunConfig("0.1.0", "cnn", List.of("yes", "no"), FeatureConfig.defaults(),
                    new float[] {-1.5f, 0, 2, 3}, new float[] {1, 0.5f, 2, 1e-3f}, RunConfig.TrainingSettings.of(s), 3, 2, 0.75);
            FeatureConfig mfcc = new FeatureConfig("mfcc", 16000, 16000, 512, 400, 160, 40, 20, 7600, "slaney", "slaney", 13, 0, false, 30);
            TrainSettings s2 = TrainSettings.builder(Path.of("clips"), Path.of("out")).model("tcresnet8").split("random:0.25")
                    .labelPattern("^(\\d+)_").epochs(5).batchSize(8).optimizer("sgd").normalize("dataset").build();
            RunConfig other = new RunConfig("0.1.0", "tcresnet8", List.of("a", "b", "c"), mfcc, new float[] {0, 1}, new float[] {1, 1},
                    RunConfig.TrainingSettings.of(s2), 5, 5, 1.0);
            String pointer = "{\"checkpoint\":\"checkpoints/c1\",\"epoch\":3,\"manifest_sha256\":\"@sha\"}";
            StringBuilder manifest = new StringBuilder("{\"epoch\":3,\"files\":{");
            for (String f : List.of(RunFolder.BEST, RunFolder.LAST, RunFolder.OPTIMIZER)) {
                manifest.append('"').append(f).append("\":{\"sha256\":\"").append("0".repeat(64)).append("\",\"size\":100},");
            }
            manifest.append("\"config.json\":{\"sha256\":\"@config-sha\",\"size\":@config-size}}}");
            byte[] a = plain.toJson().getBytes(StandardCharsets.UTF_8), b = other.toJson().getBytes(StandardCharsets.UTF_8);
            byte[] p = pointer.getBytes(StandardCharsets.UTF_8), m = manifest.toString().getBytes(StandardCharsets.UTF_8);
            // An older run: no validation, normalisation or augmentation fields.
            byte[] old = plain.toJson().replaceAll("\\s*\"(validation|normalize|augment|noise_dir|rir_dir|ema|mixup)\" : [^,\\n]*,?", "")
                    .getBytes(StandardCharsets.UTF_8);
            return List.of(a, b, old, join(List.of(a, p, m)), join(List.of(b, p, m)));
        }
    }
}
