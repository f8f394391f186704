package dev.cochlea.train;

import dev.cochlea.data.SyntheticSounds;
import dev.cochlea.io.Safetensors;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The whole pipeline on a tiny synthetic set: files written, repeatability, resume, evaluate, predict. */
class TrainJobTest {
    @TempDir
    static Path shared;
    static Path data;

    @BeforeAll
    static void sounds() throws IOException {
        data = shared.resolve("sounds");
        SyntheticSounds.write(data, 10, 8000, 3);
    }

    static FeatureConfig small() {
        return new FeatureConfig("mel", 8000, 4000, 256, 256, 128, 20, 0, 0, "htk", "none", 13, 80, true, 0);
    }

    static TrainSettings settings(Path out, int epochs) {
        return TrainSettings.builder(data, out).model("cnn").split("random:0.25").validation("random:0.2").epochs(epochs).batchSize(16).lr(3e-3)
                .seed(7).features(small()).build();
    }

    @Test
    void trainsWritesARunAndRepeatsExactly(@TempDir Path dir) throws Exception {
        TrainJob.Outcome a = new TrainJob(settings(dir.resolve("a"), 3), new TrainListener() {}).run();
        TrainJob.Outcome b = new TrainJob(settings(dir.resolve("b"), 3), new TrainListener() {}).run();
        assertEquals(3, a.history().size());
        assertTrue(a.history().get(2).trainLoss() < a.history().get(0).trainLoss(), "loss goes down: " + a.history());
        for (int i = 0; i < 3; i++) assertEquals(a.history().get(i).trainLoss(), b.history().get(i).trainLoss(), 0.0);
        Path run = a.run();
        for (String f : new String[] {RunFolder.BEST, RunConfig.FILE, RunFolder.POINTER}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        for (String f : new String[] {RunFolder.BEST, RunFolder.LAST, RunFolder.OPTIMIZER, RunConfig.FILE, RunFolder.MANIFEST}) {
            assertTrue(Files.isRegularFile(run.resolve("checkpoints/epoch-0003").resolve(f)), f);
        }
        try (Stream<Path> s = Files.list(run.resolve(RunFolder.CHECKPOINTS))) {
            assertEquals(1, s.count(), "only the committed checkpoint is kept");
        }
        assertFalse(Files.exists(run.resolve(RunLock.FILE)), "the lock is released");
        assertArrayEquals(Files.readAllBytes(run.resolve("checkpoints/epoch-0003/model.safetensors")), Files.readAllBytes(run.resolve(RunFolder.BEST)));
        Map<String, Tensor> state = Safetensors.load(run.resolve(RunFolder.BEST));
        assertTrue(state.containsKey("features.0.weight"), state.keySet().toString());
        RunConfig cfg = RunConfig.read(run);
        assertEquals(SyntheticSounds.CLASSES, cfg.classes());
        assertEquals(3, cfg.epochsDone());
        assertEquals(20, cfg.normMean().length);
        try (Stream<Path> s = Files.list(run.resolve("tensorboard"))) {
            Path events = s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).findFirst().orElseThrow();
            // The model's graph, traced over one example [1, 1, 20, 63]: its scoped op names are in the file.
            String bytes = new String(Files.readAllBytes(events), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(bytes.contains("AudioCnn/Sequential[features]/Conv2d[0]/conv2d"), "the graph is in " + events);
            assertTrue(bytes.contains("output/output"), "the graph is in " + events);
        }
    }

    @Test
    void theFullRecipeRepeatsExactly(@TempDir Path dir) throws Exception {
        java.util.function.Function<String, TrainSettings> recipe = name -> settings(dir.resolve(name), 2).toBuilder()
                .augment("default").timeShift(0.1).normalize("utterance").labelSmoothing(0.1).mixup(0.2).ema(0.99).patience(1)
                .optimizer("adamw").weightDecay(0.01).refit(true).build();
        TrainJob.Outcome a = new TrainJob(recipe.apply("a"), new TrainListener() {}).run();
        TrainJob.Outcome b = new TrainJob(recipe.apply("b"), new TrainListener() {}).run();
        assertEquals(a.history().size(), b.history().size());
        for (int i = 0; i < a.history().size(); i++) {
            assertEquals(a.history().get(i).trainLoss(), b.history().get(i).trainLoss(), 0.0);
            assertEquals(a.history().get(i).valAcc(), b.history().get(i).valAcc(), 0.0);
        }
        assertEquals(a.testAccuracy(), b.testAccuracy(), 0.0);
        RunConfig cfg = RunConfig.read(a.run());
        assertEquals("utterance", cfg.training().normalize());
        assertEquals("default", cfg.training().augment());
        assertEquals(0.99, cfg.training().ema(), 0.0);
        assertTrue(cfg.training().refit());
        // The saved model is the averaged one, and it predicts with the run's own normalisation.
        Classifier c = Classifier.load(a.run());
        assertEquals(FeatureNormalization.UTTERANCE, c.config().normalization());
    }

    @Test
    void aClipStoreGivesTheSameRunsAndIsReadBackByTheNext(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        java.util.function.BiFunction<String, Boolean, TrainSettings> plain = (name, stored) -> settings(dir.resolve(name), 2).toBuilder()
                .clipStore(stored ? store : null).build();
        java.util.function.BiFunction<String, Boolean, TrainSettings> recipe = (name, stored) -> settings(dir.resolve(name), 2).toBuilder()
                .augment("gain=6").timeShift(0.1).normalize("utterance").refit(true).clipStore(stored ? store : null).build();
        for (var make : java.util.List.of(plain, recipe)) {
            TrainJob.Outcome heap = new TrainJob(make.apply("heap" + make.hashCode(), false), new TrainListener() {}).run();
            TrainJob.Outcome first = new TrainJob(make.apply("first" + make.hashCode(), true), new TrainListener() {}).run();
            java.util.List<String> said = new java.util.ArrayList<>();
            TrainJob.Outcome second = new TrainJob(make.apply("second" + make.hashCode(), true), new TrainListener() {
                @Override
                public void message(String text) {
                    said.add(text);
                }
            }).run();
            for (TrainJob.Outcome o : new TrainJob.Outcome[] {first, second}) {
                assertEquals(heap.history().size(), o.history().size());
                for (int i = 0; i < o.history().size(); i++) {
                    assertEquals(heap.history().get(i).trainLoss(), o.history().get(i).trainLoss(), 0.0);
                    assertEquals(heap.history().get(i).valLoss(), o.history().get(i).valLoss(), 0.0);
                }
                assertEquals(heap.testAccuracy(), o.testAccuracy(), 0.0);
            }
            assertTrue(said.stream().anyMatch(m -> m.contains("(0 computed, ")), said.toString());
        }
    }

    @Test
    void refusesToOverwriteAndResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        new TrainJob(settings(out, 2), new TrainListener() {}).run();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainJob(settings(out, 2), new TrainListener() {}).run());
        assertTrue(e.getMessage().contains("overwrite(true)") && e.getMessage().contains("resume(true)"), e.getMessage());
        TrainSettings resume = settings(out, 3).toBuilder().resume(true).build();
        TrainJob.Outcome o = new TrainJob(resume, new TrainListener() {}).run();
        assertEquals(1, o.history().size());
        assertEquals(3, o.history().get(0).epoch());
        assertEquals(3, RunConfig.read(out).epochsDone());
    }

    @Test
    void stopRequestEndsAfterTheCurrentStep(@TempDir Path dir) throws Exception {
        TrainJob[] self = new TrainJob[1];
        self[0] = new TrainJob(settings(dir.resolve("run2"), 5), new TrainListener() {
            @Override
            public void epochEnd(EpochResult result, boolean best) {
                if (result.epoch() == 2) self[0].requestStop();
            }
        });
        TrainJob stopping = self[0];
        TrainJob.Outcome o = stopping.run();
        assertEquals(2, o.history().size());
        assertTrue(o.interrupted());
        assertEquals(2, RunConfig.read(dir.resolve("run2")).epochsDone());
    }

    @Test
    void evaluatesAndPredicts(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        new TrainJob(settings(out, 4), new TrainListener() {}).run();
        EvaluationJob.Result r = EvaluationJob.run(out, null, null, null, "all", null);
        assertEquals(60, r.clips());
        assertTrue(r.evaluation().accuracy() > 1.0 / 6, "beats chance: " + r.evaluation().accuracy());
        assertEquals(60, r.evaluation().confusion().total());
        assertEquals(r.evaluation().accuracy(), r.evaluation().confusion().accuracy(), 1e-12);
        Classifier c = Classifier.load(out);
        Path clip = data.resolve("tone").resolve("tone_0.wav");
        Prediction p = c.predict(clip);
        assertEquals(6, p.ranked().size());
        float sum = 0;
        for (Prediction.Ranked x : p.ranked()) sum += x.probability();
        assertEquals(1f, sum, 1e-4);
        assertEquals(p.label(), p.ranked().get(0).label());
        Path bad = dir.resolve("bad.wav");
        Files.writeString(bad, "not a wav");
        IOException err = assertThrows(IOException.class, () -> c.predict(bad));
        assertTrue(err.getMessage().contains("bad.wav"), err.getMessage());
    }

    @Test
    void anEnsembleTrainsEachMemberAndPredictsWithTheirMeanProbabilities(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ens");
        TrainSettings s = settings(out, 2).toBuilder().model("cnn+cnn").mixup(0.2).ema(0.99).build();
        TrainJob.Outcome a = new TrainJob(s, new TrainListener() {}).run();
        TrainJob.Outcome b = new TrainJob(s.toBuilder().out(dir.resolve("ens2")).build(), new TrainListener() {}).run();
        assertEquals(a.history().get(1).trainLoss(), b.history().get(1).trainLoss(), 0.0);
        assertEquals(a.testAccuracy(), b.testAccuracy(), 0.0);
        Map<String, Tensor> state = Safetensors.load(out.resolve(RunFolder.BEST));
        assertTrue(state.containsKey("members.0.features.0.weight") && state.containsKey("members.1.features.0.weight"),
                state.keySet().toString());
        assertEquals("cnn+cnn", RunConfig.read(out).model());
        // Members start from different weights, so they are two models, not one twice.
        float[] w0 = state.get("members.0.features.0.weight").toFloatArray();
        float[] w1 = state.get("members.1.features.0.weight").toFloatArray();
        assertTrue(!java.util.Arrays.equals(w0, w1));
        Prediction p = Classifier.load(out).predict(data.resolve("tone").resolve("tone_0.wav"));
        float sum = 0;
        for (Prediction.Ranked x : p.ranked()) sum += x.probability();
        assertEquals(1f, sum, 1e-4);
    }

    @Test
    void aResumedRunKeepsTheUninterruptedLearningRates(@TempDir Path dir) throws Exception {
        TrainJob.Outcome whole = new TrainJob(settings(dir.resolve("whole"), 3), new TrainListener() {}).run();
        // A run planned for 3 epochs, stopped after the first, then resumed.
        TrainJob[] self = new TrainJob[1];
        Path stopped = dir.resolve("stopped");
        self[0] = new TrainJob(settings(stopped, 3), new TrainListener() {
            @Override
            public void epochEnd(EpochResult result, boolean best) {
                if (result.epoch() == 1) self[0].requestStop();
            }
        });
        self[0].run();
        TrainJob.Outcome resumed = new TrainJob(settings(stopped, 3).toBuilder().resume(true).build(), new TrainListener() {}).run();
        assertEquals(2, resumed.history().size());
        for (int e = 0; e < 2; e++) {
            assertEquals(whole.history().get(e + 1).lr(), resumed.history().get(e).lr(), 1e-12, "epoch " + (e + 2) + " learning rate");
        }
    }

    @Test
    void aResumedRunIsTheUninterruptedRunBitForBit(@TempDir Path dir) throws Exception {
        java.util.function.Function<Path, TrainSettings> recipe = out -> settings(out, 3).toBuilder()
                .augment("default").timeShift(0.1).normalize("utterance").labelSmoothing(0.1).mixup(0.2).ema(0.99).patience(5)
                .optimizer("adamw").weightDecay(0.01).build();
        TrainJob.Outcome whole = new TrainJob(recipe.apply(dir.resolve("whole")), new TrainListener() {}).run();
        // Stopped once after epoch 1 (graceful) and once in the middle of epoch 3 (as a kill would leave it), resumed each time.
        Path stopped = dir.resolve("stopped");
        TrainJob[] self = new TrainJob[1];
        self[0] = new TrainJob(recipe.apply(stopped), new TrainListener() {
            @Override
            public void epochEnd(EpochResult result, boolean best) {
                if (result.epoch() == 1) self[0].requestStop();
            }
        });
        self[0].run();
        self[0] = new TrainJob(recipe.apply(stopped).toBuilder().resume(true).build(), new TrainListener() {
            @Override
            public void step(int epoch, int step, int steps, double loss, double accuracy, double samplesPerSecond) {
                if (epoch == 3 && step == 2) self[0].requestStop();
            }
        });
        assertTrue(self[0].run().interrupted());
        assertEquals(2, RunConfig.read(stopped).epochsDone());
        TrainJob.Outcome resumed = new TrainJob(recipe.apply(stopped).toBuilder().resume(true).build(), new TrainListener() {}).run();
        assertEquals(whole.history().get(2).trainLoss(), resumed.history().get(0).trainLoss(), 0.0);
        assertEquals(whole.history().get(2).valAcc(), resumed.history().get(0).valAcc(), 0.0);
        for (String f : new String[] {RunFolder.BEST, RunFolder.LAST, RunFolder.OPTIMIZER, RunFolder.TRAINER}) {
            assertArrayEquals(Files.readAllBytes(whole.run().resolve("checkpoints/epoch-0003").resolve(f)),
                    Files.readAllBytes(stopped.resolve("checkpoints/epoch-0003").resolve(f)), f);
        }
        assertEquals(whole.test().accuracy(), resumed.test().accuracy(), 0.0);
    }

    @Test
    void resumingWithOtherSettingsIsRefusedAndNamesThem(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        new TrainJob(settings(out, 1), new TrainListener() {}).run();
        TrainSettings changed = settings(out, 2).toBuilder().lr(0.5).model("cifar").resume(true).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainJob(changed, new TrainListener() {}).run());
        assertTrue(e.getMessage().startsWith("resume: ") && e.getMessage().contains("lr(...) (stored 0.003, asked 0.5)")
                && e.getMessage().contains("model(...) (stored cnn, asked cifar)"), e.getMessage());
        // Left out (the defaults, no data folder): the run's own settings continue it.
        TrainSettings bare = TrainSettings.builder(null, out).epochs(2).resume(true).build();
        TrainJob.Outcome o = new TrainJob(bare, new TrainListener() {}).run();
        assertEquals(2, RunConfig.read(out).epochsDone());
        assertEquals(1, o.history().size());
    }
}
