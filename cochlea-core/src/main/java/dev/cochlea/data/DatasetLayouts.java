package dev.cochlea.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Data sets that say in a metadata table which file is which class and fold, recognised by that
 * table under the folder given as data: ESC-50 ({@code meta/esc50.csv}: filename, fold, category,
 * src_file; audio in {@code audio/}) and UrbanSound8K ({@code metadata/UrbanSound8K.csv}:
 * slice_file_name, fsID, fold, class; audio in {@code audio/fold<n>/}). The group is the source
 * recording, which clips cut from the same recording share: splitting by fold keeps it on one side.
 */
final class DatasetLayouts {
    private DatasetLayouts() {}

    /** The recordings of a recognised data set in {@code root}, or null when it is none of them. */
    static AudioFolder detect(Path root) {
        Path esc = root.resolve("meta").resolve("esc50.csv");
        if (Files.isRegularFile(esc)) {
            Manifest.Columns c = new Manifest.Columns(List.of("filename"), List.of("category"), List.of("src_file"), List.of("fold"), List.of());
            return Manifest.read(esc, root.resolve("audio"), c, (base, p, fold) -> base.resolve(p), "ESC-50 metadata " + esc).withLayout("ESC-50");
        }
        Path us = root.resolve("metadata").resolve("UrbanSound8K.csv");
        if (Files.isRegularFile(us)) {
            Manifest.Columns c = new Manifest.Columns(List.of("slice_file_name"), List.of("class"), List.of("fsID"), List.of("fold"), List.of());
            return Manifest.read(us, root.resolve("audio"), c, (base, p, fold) -> base.resolve("fold" + fold).resolve(p),
                    "UrbanSound8K metadata " + us).withLayout("UrbanSound8K");
        }
        return null;
    }
}
