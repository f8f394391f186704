package dev.cochlea.audio;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A small process-wide cache of immutable spectral constants (windows, mel filter banks, DCT
 * matrices, ...) keyed by a configuration record, so that building the same transform twice
 * reuses the arrays. Values must never be mutated by callers. When the cache grows past
 * {@value #CAPACITY} entries it is cleared (configurations are few in practice).
 *
 * <pre>{@code
 * record Key(int n, boolean periodic) {}
 * float[] w = SpectralCache.get(new Key(400, true), () -> computeWindow(400, true));
 * }</pre>
 */
final class SpectralCache {
    static final int CAPACITY = 256;
    private static final ConcurrentHashMap<Object, Object> CACHE = new ConcurrentHashMap<>();

    private SpectralCache() {}

    /** The cached value for {@code key}, computed by {@code compute} on the first request. */
    @SuppressWarnings("unchecked")
    static <T> T get(Object key, Supplier<T> compute) {
        Object v = CACHE.get(key);
        if (v == null) {
            v = compute.get();
            if (CACHE.size() >= CAPACITY) CACHE.clear();
            Object prev = CACHE.putIfAbsent(key, v);
            if (prev != null) v = prev;
        }
        return (T) v;
    }

    /** Number of cached entries (for tests). */
    static int size() {
        return CACHE.size();
    }
}
