package dev.cochlea.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.train.ClassificationReport;
import dev.cochlea.train.EvaluationJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cochlea evaluate}: scores a trained run on the test part of a folder (or all of it):
 * accuracy, per-class precision/recall/F1 and the confusion matrix.
 *
 * <pre>{@code
 * ./cochlea evaluate runs/fsdd
 * ./cochlea evaluate runs/fsdd --data other/recordings --split all --json
 * }</pre>
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score a trained run: accuracy, per-class precision/recall/F1, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder (runs/<name>).")
    Path run;

    @Option(names = {"--data", "--manifest"}, description = "Folder of recordings or a manifest, as for train --data (default: "
            + "the one the run was trained on).")
    Path data;

    @Option(names = "--label-pattern", description = "Label regular expression (default: the run's).")
    String labelPattern;

    @Option(names = "--group-pattern", description = "Group regular expression (default: the run's).")
    String groupPattern;

    @Option(names = "--split", description = "official, random:<fraction>, group:<name> or all (default: the run's split; "
            + "its test part is scored, or everything with all).")
    String split;

    @Option(names = "--crops", defaultValue = "1", description = "Average each clip over this many time-shifted copies "
            + "(test-time augmentation; 1 is off). Default: ${DEFAULT-VALUE}.")
    int crops;

    @Option(names = "--clip-store", paramLabel = "DIR|none", description = ClipStoreOption.DESCRIPTION)
    String clipStore;

    @Option(names = "--json", description = "Print one JSON object with accuracy, per_class, per_group and confusion.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        EvaluationJob.Result r = EvaluationJob.run(run, data, labelPattern, groupPattern, split, crops,
                ClipStoreOption.resolve(clipStore, System.err), json ? null : System.out);
        ClassificationReport report = r.evaluation().confusion().report();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>(report.toMap());
            o.put("accuracy", r.evaluation().accuracy());
            o.put("loss", r.evaluation().loss());
            o.put("clips", r.clips());
            Map<String, Object> groups = new LinkedHashMap<>();
            r.groups().forEach((g, a) -> groups.put(g, Map.of("accuracy", a.accuracy(), "clips", a.clips())));
            o.put("per_group", groups);
            System.out.println(new ObjectMapper().writeValueAsString(o));
            return 0;
        }
        System.out.printf(Locale.ROOT, "accuracy %.2f%% (%d clips), mean loss %.4f%n%n", 100 * r.evaluation().accuracy(), r.clips(),
                r.evaluation().loss());
        System.out.println(report.toText());
        if (r.groups().size() > 1) {
            System.out.println("accuracy per group:");
            r.groups().forEach((g, a) -> System.out.printf(Locale.ROOT, "  %-16s %7.2f%% (%d clips)%n", g, 100 * a.accuracy(), a.clips()));
            System.out.println();
        }
        System.out.println("confusion matrix (rows: true class, columns: predicted):");
        System.out.println(r.evaluation().confusion().toText());
        return 0;
    }
}
