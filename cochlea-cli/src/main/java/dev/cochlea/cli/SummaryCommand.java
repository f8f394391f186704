package dev.cochlea.cli;

import dev.cochlea.nn.Module;
import dev.cochlea.train.FeatureConfig;
import dev.cochlea.train.models.Models;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code cochlea summary}: prints a built-in model's layers, output shapes and parameter counts
 * for the input the feature options give.
 *
 * <pre>{@code
 * ./cochlea summary --model tdnn --n-mels 64
 * }</pre>
 */
@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print a model's layers, output shapes and parameter counts.")
final class SummaryCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "cnn", description = "cnn, cifar, mlp, tdnn, lstm, bcresnet-1 (-1.5, -2, -3, -6, -8), tcresnet8, tcresnet14, tcresnet8-1.5 or tcresnet14-1.5; several joined by + for an ensemble. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--classes", defaultValue = "10", description = "Number of classes. Default: ${DEFAULT-VALUE}.")
    int classes;

    @CommandLine.Mixin
    FeatureOptions features;

    @Override
    public Integer call() {
        FeatureConfig f = features.toConfig();
        int[] in = f.inputShape();
        Module m = Models.create(model, in, classes);
        int[] batch = {1, in[0], in[1], in[2]};
        System.out.println(model + " for input " + Arrays.toString(batch) + " (" + f.bands() + " "
                + (f.kind().equals("mfcc") ? "MFCCs" : "mel bands") + " x " + f.frames() + " frames), " + classes + " classes");
        System.out.println(m);
        System.out.println(m.summary(batch));
        return 0;
    }
}
