package dev.cochlea.cli;

import dev.cochlea.audio.Wav;
import dev.cochlea.data.SyntheticSounds;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The command line in separate JVMs: without {@code --add-modules jdk.incubator.vector} it runs
 * {@code features}, {@code train} and {@code predict} on the scalar kernels and says so once; with the
 * module and {@code -Dcochlea.kernels=scalar} no Vector API kernel class is even loaded. The children
 * run {@link Main} on this JVM's class path (the module's classes and dependencies), so they test the
 * code of this build, packaged or not.
 */
@DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar",
        disabledReason = "the child JVMs choose their own kernels; the default test run covers them")
class NoVectorModuleTest {
    /** The one-line notice {@code KernelProvider} prints when the module is missing. */
    private static final String NOTICE = "the Java Vector API is not enabled; using slower scalar kernels";
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    Path dir;

    private record Child(int code, String output) {
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Runs {@code Main} with the given JVM options and arguments; output is stdout and stderr together. */
    private Child run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Xmx1g");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "child", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("child JVM did not finish in " + TIMEOUT_SECONDS + " s: " + String.join(" ", args) + "\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Child(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) n++;
        return n;
    }

    /** Exit code 0 and exactly one notice, or a failure that shows the child's output. */
    private static void assertScalarRun(Child c, String what) {
        assertEquals(0, c.code(), what + " exited with " + c.code() + ":\n" + c.output());
        assertEquals(1, count(c.output(), NOTICE), what + ": expected the scalar notice once in:\n" + c.output());
        assertFalse(c.output().contains("NoClassDefFoundError"), what + ":\n" + c.output());
    }

    @Test
    void featuresTrainAndPredictRunWithoutTheVectorModule() throws Exception {
        assertTrue(System.getProperty("java.class.path").contains(File.pathSeparator),
                "the test class path names the module's classes and dependencies");
        List<String> noModule = List.of();

        int n = 4000; // 0.5 s at 8 kHz
        float[] tone = new float[n];
        for (int i = 0; i < n; i++) tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        Path wav = dir.resolve("tone.wav");
        Wav.write16(wav, Tensor.wrap(tone, 1, n), 8000);
        Path mel = dir.resolve("mel.safetensors");
        Child features = run(noModule, "features", "mel", wav.toString(), "--n-fft", "256", "--hop-length", "128",
                "--n-mels", "40", "--out", mel.toString());
        assertScalarRun(features, "features mel");
        assertTrue(Files.size(mel) > 0, "features wrote " + mel);

        Path data = dir.resolve("sounds");
        SyntheticSounds.write(data, 4, 8000, 5);
        Path runDir = dir.resolve("run");
        Child train = run(noModule, "train", "--data", data.toString(), "--out", runDir.toString(), "--epochs", "1",
                "--batch-size", "8", "--clip-seconds", "0.5", "--n-mels", "20", "--split", "random:0.25", "--no-refit");
        assertScalarRun(train, "train");
        assertTrue(Files.isRegularFile(runDir.resolve("model.safetensors")), "train wrote a model:\n" + train.output());

        Path clip = data.resolve("chirp_up").resolve("chirp_up_0.wav");
        Child predict = run(noModule, "predict", runDir.toString(), clip.toString());
        assertScalarRun(predict, "predict");
        assertTrue(predict.output().contains("chirp_up_0.wav: "), predict.output());
    }

    @Test
    void forcedScalarKernelsLoadNoVectorClass() throws Exception {
        int n = 4000;
        float[] tone = new float[n];
        for (int i = 0; i < n; i++) tone[i] = (float) Math.sin(2 * Math.PI * 1000 * i / 8000.0);
        Path wav = dir.resolve("tone.wav");
        Wav.write16(wav, Tensor.wrap(tone, 1, n), 8000);
        Path classLog = dir.resolve("classes.log");
        Child c = run(List.of("--add-modules", "jdk.incubator.vector", "-Dcochlea.kernels=scalar",
                        "-Xlog:class+load=info:file=" + classLog),
                "features", "mel", wav.toString(), "--out", dir.resolve("mel.safetensors").toString());
        assertEquals(0, c.code(), c.output());
        assertEquals(0, count(c.output(), NOTICE), "no notice when scalar is asked for:\n" + c.output());
        String loaded = Files.readString(classLog, StandardCharsets.UTF_8);
        assertTrue(loaded.contains("dev.cochlea.kernels.ScalarKernels"), "class log names the kernels in use");
        List<String> vector = loaded.lines().filter(l -> l.contains("dev.cochlea.kernels.Vector")).toList();
        assertEquals(List.of(), vector, "Vector API kernel classes loaded under -Dcochlea.kernels=scalar");
    }
}
