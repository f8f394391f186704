package dev.cochlea.train;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.Wav;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Sequential;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs that used to give confident output with exit 0 (issue #13 A5) now give a clear error. */
class SilentNonsenseTest {
    private static RunConfig config(List<String> classes, float[] mean, float[] std) {
        TrainSettings s = TrainSettings.builder(Path.of("data"), Path.of("out")).build();
        return new RunConfig("0", "cnn", classes, FeatureConfig.defaults(), mean, std, RunConfig.TrainingSettings.of(s), 1, 1, 0.5);
    }

    private static String readError(Path dir, RunConfig c) throws IOException {
        Files.createDirectories(dir);
        c.write(dir);
        return assertThrows(IOException.class, () -> RunConfig.read(dir)).getMessage();
    }

    @Test
    void aRunConfigurationThatCannotWorkIsRefusedNamingTheField(@TempDir Path dir) throws IOException {
        float[] ok = new float[40];
        java.util.Arrays.fill(ok, 1f);
        float[] zeroStd = ok.clone();
        zeroStd[3] = 0;
        String std = readError(dir.resolve("a"), config(List.of("yes", "no"), new float[40], zeroStd));
        assertTrue(std.contains("config.json") && std.contains("norm_std[3]: expected a positive finite value, found 0.0"), std);
        String dup = readError(dir.resolve("b"), config(List.of("yes", "no", "yes"), new float[40], ok));
        assertTrue(dup.contains("classes: expected distinct names"), dup);
        String one = readError(dir.resolve("c"), config(List.of("yes"), new float[40], ok));
        assertTrue(one.contains("classes: expected at least 2"), one);
        Path d = dir.resolve("d");
        Files.createDirectories(d);
        Files.writeString(d.resolve(RunConfig.FILE), "{\"model\":\"cnn\",\"classes\":[\"a\",\"b\"],\"features\":"
                + config(List.of("a", "b"), ok, ok).toJson().replaceAll("(?s).*\"features\" : (\\{.*?\\}).*", "$1")
                + ",\"norm_mean\":[1],\"norm_std\":[1]}");
        String noTraining = assertThrows(IOException.class, () -> RunConfig.read(d)).getMessage();
        assertTrue(noTraining.contains("training are required"), noTraining);
    }

    @Test
    void aConfiguredClipTooLongForMemoryIsRefused(@TempDir Path dir) throws IOException {
        float[] ok = new float[40];
        java.util.Arrays.fill(ok, 1f);
        String json = config(List.of("a", "b"), new float[40], ok).toJson().replace("\"clip_samples\" : 8000", "\"clip_samples\" : 2000000000");
        assertTrue(json.contains("2000000000"), json);
        Files.writeString(dir.resolve(RunConfig.FILE), json);
        String e = assertThrows(IOException.class, () -> RunConfig.read(dir)).getMessage();
        assertTrue(e.contains("clipSeconds") && e.contains("at most 600 s"), e);
        Files.writeString(dir.resolve(RunConfig.FILE), config(List.of("a", "b"), new float[40], ok).toJson()
                .replace("\"batch_size\" : 32", "\"batch_size\" : -4"));
        String batch = assertThrows(IOException.class, () -> RunConfig.read(dir)).getMessage();
        assertTrue(batch.contains("config.json: training.batchSize: expected >= 1, found -4"), batch);
    }

    @Test
    void weightsThatDivergedAreRefused() {
        Sequential m = new Sequential(new Linear(3, 2));
        m.stateDict().get("0.bias").storage()[1] = Float.NaN;
        IOException e = assertThrows(IOException.class, () -> Classifier.requireFinite(m, Path.of("run/model.safetensors")));
        assertTrue(e.getMessage().contains("model.safetensors: weight '0.bias' holds NaN"), e.getMessage());
    }

    @Test
    void aClipWithoutSamplesIsAnError(@TempDir Path dir) throws IOException {
        Path empty = dir.resolve("empty.wav");
        Wav.write16(empty, Tensor.zeros(1, 0), 8000);
        AudioData audio = Wav.read(empty);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FeatureExtractor(FeatureConfig.defaults()).mono(audio));
        assertTrue(e.getMessage().contains("no audio samples"), e.getMessage());
    }

    @Test
    void oneClassIsNotAClassifier(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        for (int i = 0; i < 4; i++) {
            Path f = data.resolve("hello").resolve("hello_" + i + ".wav");
            Files.createDirectories(f.getParent());
            Wav.write16(f, Tensor.randn(1, 4000).mul(0.1f), 8000);
        }
        TrainSettings s = TrainSettings.builder(data, dir.resolve("run")).model("cnn").split("random:0.25").epochs(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainJob(s, new TrainListener() {}).run());
        assertTrue(e.getMessage().contains("only one class [hello]"), e.getMessage());
    }
}
