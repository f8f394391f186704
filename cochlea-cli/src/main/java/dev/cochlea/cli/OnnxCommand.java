package dev.cochlea.cli;

import dev.cochlea.onnx.OnnxInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code cochlea onnx <action>}: ONNX model files. {@code info MODEL} prints what the file declares:
 * IR version, producer, operator sets, inputs and outputs with shapes, and the operators it uses.
 *
 * <pre>{@code
 * ./cochlea onnx info model.onnx
 * }</pre>
 */
@Command(name = "onnx", description = "ONNX model files.", mixinStandardHelpOptions = true, subcommands = OnnxCommand.Info.class)
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
}
