package dev.cochlea.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.train.CrossValidation;
import dev.cochlea.train.TrainSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cochlea crossval}: cross-validation by group (speaker): one model per held-out group (or k
 * folds of groups), trained with the same recipe as {@code train}; prints accuracy per group with
 * the mean and the worst and writes {@code <out>/crossval.json}; each fold's run folder (with its
 * TensorBoard log) sits under {@code --out}.
 *
 * <pre>{@code
 * ./cochlea crossval --data fsdd/recordings --label-pattern '^(\d+)_' --group-pattern '^\d+_([a-z]+)_' --out runs/cv
 * }</pre>
 */
@Command(name = "crossval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Cross-validate a training recipe by group (speaker): leave one group out, or k folds of groups.")
final class CrossvalCommand implements Callable<Integer> {
    @Option(names = {"--data", "--manifest"}, required = true, description = "Folder of audio files or a manifest (as for train "
            + "--data); a data set with folds (ESC-50, UrbanSound8K, a manifest's fold column) is cross-validated over its folds.")
    Path data;

    @Option(names = "--out", required = true, description = "Folder for the folds' runs and crossval.json, e.g. runs/cv.")
    Path out;

    @Option(names = "--label-pattern", description = "Regular expression whose first group is the label (default: sub-folder names).")
    String labelPattern;

    @Option(names = "--group-pattern", description = "Regular expression whose first group is the group (speaker). "
            + "Default: the second _-separated field of the file name.")
    String groupPattern;

    @Option(names = "--folds", defaultValue = "0", description = "0: leave one group out; k >= 2: k folds of whole groups. Default: ${DEFAULT-VALUE}.")
    int folds;

    @Option(names = "--only", split = ",", description = "Run only the folds holding out these groups, e.g. --only nicolas,theo.")
    java.util.List<String> only;

    @Option(names = "--json", description = "Print the result as JSON instead of a table.")
    boolean json;

    @Option(names = "--overwrite", description = "Replace existing fold runs under --out.")
    boolean overwrite;

    @CommandLine.Mixin
    TrainOptions recipe;

    @Override
    public Integer call() throws Exception {
        TrainSettings s = recipe.apply(TrainSettings.builder(data, out)).labelPattern(labelPattern).groupPattern(groupPattern)
                .overwrite(overwrite).build();
        TuneCommand.atFirstUse(System.out);
        TrainProgress progress = new TrainProgress(System.out);
        CrossValidation cv = new CrossValidation(s, folds, progress).only(only == null ? java.util.List.of() : only);
        return StopOnInterrupt.run(cv::requestStop, () -> {
            CrossValidation.Result r = cv.run();
            progress.close();
            if (json) {
                System.out.println(new ObjectMapper().writeValueAsString(r));
            } else {
                System.out.println();
                System.out.print(CrossValidation.table(r));
                System.out.printf(Locale.ROOT, "%d fold(s) in %.0f s; written to %s%n", r.folds().size(), r.seconds(),
                        out.resolve("crossval.json"));
            }
            return 0;
        });
    }
}
