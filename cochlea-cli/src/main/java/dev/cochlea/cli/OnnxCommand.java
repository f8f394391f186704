package dev.cochlea.cli;

import dev.cochlea.io.Safetensors;
import dev.cochlea.onnx.OnnxInfo;
import dev.cochlea.onnx.OnnxModel;
import dev.cochlea.tensor.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cochlea onnx <action>}: ONNX model files. {@code info MODEL} prints what the file declares:
 * IR version, producer, operator sets, inputs and outputs with shapes, the operators it uses and any
 * Cochlea does not run. {@code run MODEL --input IN --out OUT} runs it on the tensors of a safetensors
 * file keyed by the graph's input names and writes the outputs keyed by output name, so a model can be
 * checked against any other runtime from a script.
 *
 * <pre>{@code
 * ./cochlea onnx info model.onnx
 * ./cochlea onnx run model.onnx --input in.safetensors --out out.safetensors
 * }</pre>
 */
@Command(name = "onnx", description = "ONNX model files.", mixinStandardHelpOptions = true,
        subcommands = {OnnxCommand.Info.class, OnnxCommand.Run.class})
public final class OnnxCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code cochlea onnx info MODEL}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print an ONNX model's IR version, producer, opsets, inputs and outputs with shapes, and operators.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "MODEL", description = "the .onnx file")
        Path model;

        @Override
        public Integer call() throws Exception {
            System.out.print(OnnxInfo.read(model).describe());
            return 0;
        }
    }

    /** {@code cochlea onnx run MODEL --input IN --out OUT}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run an ONNX model on the tensors of a safetensors file (keyed by the graph's input names) and write its "
                    + "outputs (keyed by output name) to another.",
                    "Tensors in the input file named like an output are not fed: they are compared with what the model gives."})
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "MODEL", description = "the .onnx file")
        Path model;

        @CommandLine.Option(names = "--input", required = true, paramLabel = "IN", description = "safetensors file with the inputs")
        Path input;

        @CommandLine.Option(names = "--out", required = true, paramLabel = "OUT", description = "safetensors file to write the outputs to")
        Path out;

        @CommandLine.Option(names = "--force", description = "replace OUT if it exists")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (Files.exists(out) && !force) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--out " + out + " exists; add --force to replace it");
            }
            OnnxModel m = OnnxModel.read(model);
            Map<String, Tensor> given = Safetensors.load(input);
            Map<String, Tensor> feed = new LinkedHashMap<>(), expected = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : given.entrySet()) {
                boolean isOutput = m.outputs().stream().anyMatch(v -> v.name().equals(e.getKey()));
                (isOutput ? expected : feed).put(e.getKey(), e.getValue());
            }
            long start = System.nanoTime();
            Map<String, Tensor> result = m.run(feed);
            double ms = (System.nanoTime() - start) / 1e6;
            Map<String, Tensor> saved = new LinkedHashMap<>();
            result.forEach((k, v) -> saved.put(k, v.contiguous()));
            if (force) {
                Safetensors.save(out, saved, null);
            } else {
                Safetensors.saveNew(out, saved, null);
            }
            for (Map.Entry<String, Tensor> e : result.entrySet()) {
                Tensor y = e.getValue();
                String line = String.format(Locale.ROOT, "%s %s", e.getKey(), java.util.Arrays.toString(y.shape()));
                Tensor want = expected.get(e.getKey());
                if (want != null) {
                    if (!java.util.Arrays.equals(want.shape(), y.shape())) {
                        line += " (expected shape " + java.util.Arrays.toString(want.shape()) + ")";
                    } else {
                        line += String.format(Locale.ROOT, " max_abs_diff %.3g", want.toFloat().sub(y.toFloat()).abs().max().item());
                    }
                }
                System.out.println(line);
            }
            System.out.printf(Locale.ROOT, "ran in %.1f ms; wrote %s%n", ms, out);
            return 0;
        }
    }
}
