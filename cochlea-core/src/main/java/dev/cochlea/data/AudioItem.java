package dev.cochlea.data;

import java.nio.file.Path;

/**
 * One recording found by {@link AudioFolder}: its file, its class label, the group it belongs to
 * (a speaker, say), its take index when the file name carries one, and, when the data set says so,
 * its cross-validation fold (ESC-50, UrbanSound8K, a manifest's fold column) and the part the data
 * set's own lists put it in (Speech Commands' testing and validation lists, a manifest's split column).
 *
 * <pre>{@code
 * AudioItem item = folder.items().get(0);
 * System.out.println(item.label() + " " + item.group() + " fold " + item.fold());
 * }</pre>
 *
 * @param path   the audio file
 * @param label  the class name
 * @param group  the group name, or "" if none could be read
 * @param index  the take index from the file name, or -1
 * @param fold   the fold the data set assigns, or -1
 * @param subset "train", "validation" or "test" when the data set's own lists say so, else ""
 */
public record AudioItem(Path path, String label, String group, int index, int fold, String subset) {
    /** The parts a data set's own lists can put a recording in. */
    public static final java.util.List<String> SUBSETS = java.util.List.of("train", "validation", "test");

    /** Checks the subset name. */
    public AudioItem {
        if (subset == null) subset = "";
        if (!subset.isEmpty() && !SUBSETS.contains(subset)) {
            throw new IllegalArgumentException(path + ": subset '" + subset + "' is not one of " + SUBSETS);
        }
    }

    /** A recording with no fold and no subset. */
    public AudioItem(Path path, String label, String group, int index) {
        this(path, label, group, index, -1, "");
    }
}
