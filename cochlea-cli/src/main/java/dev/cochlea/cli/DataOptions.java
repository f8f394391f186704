package dev.cochlea.cli;

import picocli.CommandLine.Option;

/**
 * How recordings are labelled and split, shared by {@code train} and {@code evaluate}.
 *
 * <pre>{@code
 * @CommandLine.Mixin DataOptions dataOptions;
 * }</pre>
 */
public final class DataOptions {
    @Option(names = "--label-pattern", description = "Regular expression whose first group is the label, applied to file names "
            + "(e.g. '^(\\d+)_' for {digit}_{speaker}_{index}.wav). Default: labels are sub-folder names.")
    String labelPattern;

    @Option(names = "--group-pattern", description = "Regular expression whose first group is the group (speaker) for "
            + "--split group:<name>. Default: the second _-separated field.")
    String groupPattern;

    @Option(names = "--split", defaultValue = "random:0.2", description = "official (the data set's own test list; for "
            + "{digit}_{speaker}_{index} names, take index 0-4), random:<fraction>, group:<name>, fold:<n> (ESC-50, UrbanSound8K, "
            + "a manifest's folds) or all. Default: ${DEFAULT-VALUE}.")
    String split;
}
