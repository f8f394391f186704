package dev.cochlea.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The layout of Google's Speech Commands: {@code <label>/<speaker>_nohash_<n>.wav}, the lists
 * {@code testing_list.txt} and {@code validation_list.txt} (paths relative to the root) that give
 * the official split, and {@code _background_noise_/} (long noise recordings, not a class, used as
 * augmentation noise). Recognised by the lists (or that folder) at the root.
 */
final class SpeechCommands {
    static final String NOISE = "_background_noise_";
    static final String TESTING = "testing_list.txt";
    static final String VALIDATION = "validation_list.txt";
    /** The speaker: the hash before {@code _nohash_}. */
    static final Pattern GROUP = Pattern.compile("^([^_]+)_nohash_");
    private static final long MAX_LIST_BYTES = 64L << 20;

    private SpeechCommands() {}

    static boolean isLayout(Path root) {
        return Files.isRegularFile(root.resolve(TESTING)) || Files.isRegularFile(root.resolve(VALIDATION));
    }

    /** The scanned items with the lists' parts: test, validation, or train for every file the lists do not name. */
    static AudioFolder withLists(Path root, List<AudioItem> items, List<AudioFolder.Skipped> skipped) {
        Set<String> testing = list(root.resolve(TESTING)), validation = list(root.resolve(VALIDATION));
        List<AudioItem> out = new ArrayList<>(items.size());
        for (AudioItem it : items) {
            String rel = root.relativize(it.path()).toString().replace('\\', '/');
            String subset = testing.contains(rel) ? "test" : validation.contains(rel) ? "validation" : "train";
            out.add(new AudioItem(it.path(), it.label(), it.group(), it.index(), it.fold(), subset));
        }
        AudioFolder f = AudioFolder.of(root, out, skipped).withLayout("Speech Commands");
        Path noise = root.resolve(NOISE);
        return Files.isDirectory(noise) ? f.withBackgroundNoise(noise) : f;
    }

    private static Set<String> list(Path file) {
        Set<String> out = new HashSet<>();
        if (!Files.isRegularFile(file)) return out;
        try {
            long size = Files.size(file);
            if (size > MAX_LIST_BYTES) {
                throw new IllegalArgumentException("data: " + file + " holds " + size + " bytes, more than the " + MAX_LIST_BYTES
                        + " a list of file names may");
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (!t.isEmpty()) out.add(t.replace('\\', '/'));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("data: " + file + ": cannot be read: " + e.getMessage(), e);
        }
        return out;
    }
}
