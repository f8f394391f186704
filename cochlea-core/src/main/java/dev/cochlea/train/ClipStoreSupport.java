package dev.cochlea.train;

import dev.cochlea.data.AudioItem;
import dev.cochlea.data.ClipStore;
import dev.cochlea.data.ComputedClips;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the clip sets share about keeping their values on the heap or in a {@link ClipStore}. */
final class ClipStoreSupport {
    /** Bumped whenever decoding or feature code changes the values a store holds, so old stores are not reused. */
    static final int REVISION = 2;

    private ClipStoreSupport() {}

    static List<Path> paths(List<AudioItem> items) {
        List<Path> out = new ArrayList<>(items.size());
        for (AudioItem it : items) out.add(it.path());
        return out;
    }

    /**
     * {@link ClipStore#computeInMemory}, with a heap too small for the values turned into a message
     * that says how much there was and what to change.
     */
    static ComputedClips inMemory(List<AudioItem> items, String what, ClipStore.Computer compute) {
        try {
            return ClipStore.computeInMemory(items.size(), compute);
        } catch (OutOfMemoryError e) {
            throw tooLarge(items.size(), what, -1);
        }
    }

    /** Fails early when {@code bytes} of values cannot fit in what the heap has left. */
    static void requireHeap(int clips, String what, long bytes) {
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > available) throw tooLarge(clips, what, bytes);
    }

    private static IllegalStateException tooLarge(int clips, String what, long bytes) {
        long max = Runtime.getRuntime().maxMemory();
        return new IllegalStateException(String.format(Locale.ROOT,
                "clipStore: the %s of %,d clips %s the Java heap (at most %,d MiB); keep them on disk in a clip store "
                        + "(clipStore(DIR) in the library; the command line's default unless --clip-store none) or give Java a larger heap "
                        + "(COCHLEA_JAVA_OPTS=-Xmx4g)", what, clips,
                bytes < 0 ? "do not fit in" : String.format(Locale.ROOT, "need %,d MiB, more than is left of", bytes >> 20), max >> 20));
    }
}
