package dev.cochlea.cli;

import dev.cochlea.onnx.export.OnnxExport;
import dev.cochlea.train.Classifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code cochlea export RUN --format onnx --out model.onnx}: a trained run's best model as an ONNX
 * file (opset 17, dynamic batch) that runs anywhere ONNX runs, its labels and feature settings kept
 * in the file's metadata, so {@code ./cochlea predict model.onnx clip.wav} needs nothing else.
 *
 * <pre>{@code
 * ./cochlea export runs/fsdd --format onnx --out fsdd.onnx
 * }</pre>
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a trained run's model as an ONNX file, with its labels and feature settings in the metadata.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder (runs/<name>).")
    Path run;

    @Option(names = "--format", defaultValue = "onnx", description = "The file format: onnx (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write.")
    Path out;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (!format.equalsIgnoreCase("onnx")) throw new IllegalArgumentException("--format: expected onnx, found '" + format + "'");
        if (Files.exists(out) && !force) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--out " + out + " exists; add --force to replace it");
        }
        Classifier c = Classifier.load(run);
        OnnxExport.of(c).overwrite(force).write(out);
        System.out.printf("wrote %s: %s, input features [batch, %s], %d labels, %d bytes%n", out, c.config().model(),
                java.util.Arrays.toString(c.config().features().inputShape()).replaceAll("[\\[\\]]", ""), c.labels().size(), Files.size(out));
        return 0;
    }
}
