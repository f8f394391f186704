package dev.cochlea.data;

import dev.cochlea.io.AtomicFiles;
import dev.cochlea.kernels.Parallel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Values computed once per audio file (decoded waveforms, features) kept on disk and reused by
 * later runs with the same settings, so that neither the heap nor the start-up time grows with
 * the data. One folder per kind and settings ({@code <root>/<kind>-<hash of settings>}) holds
 * {@code settings.txt}, an index ({@link ClipStoreIndex}) and segment files of little-endian
 * float32 values, each record starting at a multiple of 64 bytes (so a segment can be mapped as
 * an array, e.g. {@code numpy.memmap}). A file is found again by its absolute path, size and
 * modification time: a changed file is computed anew, the rest is read back.
 *
 * <p>Crash safety: new values go to a {@code .partial} segment that is flushed, renamed and only
 * then named by an index written whole and renamed into place; anything a crash leaves behind is
 * never named by an index and is removed later. Several processes may share a store: updates take
 * a file lock, and segments still in use by a reader are only unlinked.
 *
 * <pre>{@code
 * ClipStore store = ClipStore.open(Path.of(System.getProperty("user.home"), ".cache/cochlea/clips"),
 *         "features", config.toString());
 * ComputedClips clips = store.load(files, i -> StoredClip.of(featuresOf(files.get(i)), 1f, 0, 63));
 * try (FloatRecords r = clips.records()) {
 *     float[] first = r.get(0);
 * }
 * }</pre>
 */
public final class ClipStore {
    /** Computes the values of file {@code i} of the list given to {@link #load}. */
    @FunctionalInterface
    public interface Computer {
        /** The values of file {@code i}, or {@link StoredClip#failed} naming the file and the reason. */
        StoredClip compute(int i);
    }

    static final String SETTINGS = "settings.txt";
    static final String LOCK = "lock";
    static final String SEGMENT = ".f32";
    static final String PARTIAL = ".partial";
    private static final int ALIGN = 64;
    /** Past this many segments (each run that computes something adds one), they are merged into one. */
    static final int MAX_SEGMENTS = 16;
    private static final long STALE_PARTIAL_MS = TimeUnit.HOURS.toMillis(24);
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    private ClipStore(Path dir) {
        this.dir = dir;
    }

    /**
     * The store for {@code kind} values computed with {@code settings} (any text that changes
     * whenever the values would) under {@code root}, created if missing.
     *
     * @throws IOException naming the folder when it cannot be created or written
     */
    public static ClipStore open(Path root, String kind, String settings) throws IOException {
        if (!kind.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("kind: expected lower-case letters, digits and -, found '" + kind + "'");
        Path dir = root.toAbsolutePath().normalize().resolve(kind + "-" + hash(settings));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("clip store " + root + ": cannot create the folder " + dir + " (" + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(dir)) throw new IOException("clip store " + root + ": the folder " + dir + " is not writable");
        Path file = dir.resolve(SETTINGS);
        byte[] text = (settings + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(file, false, ch -> ch.write(ByteBuffer.wrap(text)));
        } catch (FileAlreadyExistsException e) {
            String found = Files.readString(file, StandardCharsets.UTF_8);
            if (!found.equals(settings + "\n")) {
                throw new IOException("clip store " + dir + ": holds values for other settings (" + file + " differs); remove the folder");
            }
        }
        return new ClipStore(dir);
    }

    /** The folder of this kind and settings. */
    public Path dir() {
        return dir;
    }

    /** What loading noticed and repaired (a damaged index, say), one line each; cleared when read. */
    public List<String> drainNotes() {
        synchronized (notes) {
            List<String> out = List.copyOf(notes);
            notes.clear();
            return out;
        }
    }

    /**
     * The values of every file in {@code files}: read from the store where a file is unchanged
     * since it was computed, computed by {@code compute} (in parallel) and added to the store
     * otherwise. The records are read from disk on demand; close them when done.
     */
    public ComputedClips load(List<Path> files, Computer compute) throws IOException {
        int n = files.size();
        String[] keys = new String[n];
        long[] sizes = new long[n], mtimes = new long[n];
        for (int i = 0; i < n; i++) {
            Path abs = files.get(i).toAbsolutePath().normalize();
            keys[i] = ClipStoreIndex.utf8Safe(abs.toString());
            try {
                BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
                sizes[i] = a.size();
                mtimes[i] = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            } catch (IOException e) {
                sizes[i] = -1;
                mtimes[i] = -1;
            }
        }
        ClipStoreIndex seen = readIndex();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ClipStoreIndex.Entry e = seen.entries.get(keys[i]);
            if (e == null || !e.matches(sizes[i], mtimes[i])) missing.add(i);
        }
        String segment = null;
        ClipStoreIndex.Entry[] fresh = new ClipStoreIndex.Entry[n];
        String[] passing = new String[n];
        Path partial = null;
        try {
            if (!missing.isEmpty()) {
                segment = "seg-" + UUID.randomUUID() + SEGMENT;
                partial = dir.resolve(segment + PARTIAL);
                writeSegment(partial, missing, keys, sizes, mtimes, compute, fresh, passing);
            }
            return commit(segment, partial, fresh, passing, keys, n - missing.size(), missing.size());
        } finally {
            if (partial != null) Files.deleteIfExists(partial);
        }
    }

    /**
     * The values of every file computed by {@code compute} (in parallel) and kept on the heap:
     * what {@link #load} gives, without a store.
     */
    public static ComputedClips computeInMemory(int n, Computer compute) {
        StoredClip[] out = new StoredClip[n];
        forEachInParallel(n, i -> out[i] = compute.compute(i));
        int kept = 0;
        for (StoredClip c : out) if (!c.isFailure()) kept++;
        float[][] values = new float[kept][];
        int[] sources = new int[kept], from = new int[kept], to = new int[kept];
        float[] durations = new float[kept];
        List<String> failures = new ArrayList<>();
        for (int i = 0, j = 0; i < n; i++) {
            StoredClip c = out[i];
            if (c.isFailure()) {
                failures.add(c.error());
                continue;
            }
            values[j] = c.values();
            sources[j] = i;
            durations[j] = c.duration();
            from[j] = c.from();
            to[j] = c.to();
            out[i] = null;
            j++;
        }
        Collections.sort(failures);
        return new ComputedClips(HeapRecords.of(values), sources, durations, from, to, List.copyOf(failures), n, 0);
    }

    /** Runs {@code body} for 0..n-1 on the shared pool, one index at a time so a slow file holds up nothing else. */
    private static void forEachInParallel(int n, java.util.function.IntConsumer body) {
        AtomicInteger next = new AtomicInteger();
        Parallel.forChunks(n, Math.max(1, Math.min(n, Parallel.threads())), (a, b) -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) body.accept(i);
        });
    }

    private void writeSegment(Path partial, List<Integer> missing, String[] keys, long[] sizes, long[] mtimes, Computer compute,
                              ClipStoreIndex.Entry[] fresh, String[] passing) throws IOException {
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Object writing = new Object();
            long[] position = {0};
            ByteBuffer[] buffer = {ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN)};
            forEachInParallel(missing.size(), k -> {
                int i = missing.get(k);
                StoredClip c = compute.compute(i);
                if (c.isFailure() && !c.lasting()) {
                    passing[i] = c.error();
                    return;
                }
                if (c.isFailure()) {
                    fresh[i] = new ClipStoreIndex.Entry(keys[i], sizes[i], mtimes[i], -1, 0, 0, 0, 0, 0, ClipStoreIndex.utf8Safe(c.error()));
                    return;
                }
                float[] v = c.values();
                synchronized (writing) {
                    long at = (position[0] + ALIGN - 1) / ALIGN * ALIGN;
                    if (buffer[0].capacity() < 4 * v.length) buffer[0] = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                    ByteBuffer b = buffer[0].clear();
                    b.asFloatBuffer().put(v);
                    b.limit(4 * v.length);
                    try {
                        for (long p = at; b.hasRemaining(); ) p += ch.write(b, p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(dir + ": could not write the clip store (" + e.getMessage() + ")", e);
                    }
                    position[0] = at + 4L * v.length;
                    fresh[i] = new ClipStoreIndex.Entry(keys[i], sizes[i], mtimes[i], 0, at, v.length, c.duration(), c.from(), c.to(), "");
                }
            });
            ch.force(true);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Under the store's lock: names the new segment in the index, removes what nothing names, and opens the records. */
    private ComputedClips commit(String segment, Path partial, ClipStoreIndex.Entry[] fresh, String[] passing, String[] keys, int reused,
                                 int computed) throws IOException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(dir, d -> new ReentrantLock());
        local.lock();
        try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            ClipStoreIndex index = readIndex();
            if (segment != null) {
                int s = index.segments.size();
                index.segments.add(segment);
                for (ClipStoreIndex.Entry e : fresh) {
                    if (e == null) continue;
                    index.entries.put(e.path(), e.segment() < 0 ? e : new ClipStoreIndex.Entry(e.path(), e.size(), e.mtime(), s, e.offset(),
                            e.length(), e.duration(), e.from(), e.to(), e.error()));
                }
                Files.move(partial, dir.resolve(segment), StandardCopyOption.ATOMIC_MOVE);
            }
            int named = index.segments.size();
            index = compact(index);
            if (index.segments.size() > MAX_SEGMENTS) index = merge(index);
            byte[] bytes = index.bytes();
            if (segment != null || index.segments.size() != named || !Files.exists(dir.resolve(ClipStoreIndex.FILE))) {
                AtomicFiles.write(dir.resolve(ClipStoreIndex.FILE), true, ch -> ch.write(ByteBuffer.wrap(bytes)));
            }
            removeUnnamed(index);
            return open(index, keys, passing, reused, computed);
        } finally {
            local.unlock();
        }
    }

    /**
     * The index; a damaged one counts as empty (with a note), while an error reading it (no file
     * handles left, a disk error) fails: treating that as empty would delete every segment.
     */
    private ClipStoreIndex readIndex() throws IOException {
        try {
            return ClipStoreIndex.read(dir);
        } catch (ClipStoreIndex.Damaged e) {
            notes.add("clip store: " + e.getMessage() + "; its values are computed again");
            return ClipStoreIndex.empty();
        }
    }

    /**
     * All stored values copied into one new segment (flushed, then renamed), and the index pointing
     * there: many runs that each computed a little would otherwise leave many segments, each an
     * open file for every reader. The old segments go when the new index is in place.
     */
    private ClipStoreIndex merge(ClipStoreIndex index) throws IOException {
        String name = "seg-" + UUID.randomUUID() + SEGMENT;
        Path partial = dir.resolve(name + PARTIAL);
        Map<String, ClipStoreIndex.Entry> entries = new java.util.LinkedHashMap<>();
        try {
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long at = 0;
                FileChannel[] in = new FileChannel[index.segments.size()];
                try {
                    for (ClipStoreIndex.Entry e : index.entries.values()) {
                        if (e.segment() < 0) {
                            entries.put(e.path(), e);
                            continue;
                        }
                        if (in[e.segment()] == null) in[e.segment()] = FileChannel.open(dir.resolve(index.segments.get(e.segment())), StandardOpenOption.READ);
                        at = (at + ALIGN - 1) / ALIGN * ALIGN;
                        long bytes = 4L * e.length(), done = 0;
                        while (done < bytes) {
                            long n = in[e.segment()].transferTo(e.offset() + done, bytes - done, out.position(at + done));
                            if (n <= 0) throw new IOException("segment " + index.segments.get(e.segment()) + " ends early");
                            done += n;
                        }
                        entries.put(e.path(), new ClipStoreIndex.Entry(e.path(), e.size(), e.mtime(), 0, at, e.length(), e.duration(), e.from(),
                                e.to(), e.error()));
                        at += bytes;
                    }
                } finally {
                    for (FileChannel c : in) if (c != null) c.close();
                }
                out.force(true);
            }
            Files.move(partial, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return new ClipStoreIndex(new ArrayList<>(List.of(name)), entries);
    }

    /** The index with only the segments some entry still names, renumbered. */
    private static ClipStoreIndex compact(ClipStoreIndex index) {
        boolean[] used = new boolean[index.segments.size()];
        for (ClipStoreIndex.Entry e : index.entries.values()) if (e.segment() >= 0) used[e.segment()] = true;
        int[] renumber = new int[used.length];
        List<String> kept = new ArrayList<>();
        for (int s = 0; s < used.length; s++) {
            renumber[s] = used[s] ? kept.size() : -1;
            if (used[s]) kept.add(index.segments.get(s));
        }
        Map<String, ClipStoreIndex.Entry> entries = new java.util.LinkedHashMap<>();
        for (ClipStoreIndex.Entry e : index.entries.values()) {
            entries.put(e.path(), e.segment() < 0 ? e : new ClipStoreIndex.Entry(e.path(), e.size(), e.mtime(), renumber[e.segment()], e.offset(),
                    e.length(), e.duration(), e.from(), e.to(), e.error()));
        }
        return new ClipStoreIndex(kept, entries);
    }

    /** Deletes segments the index does not name and partial segments a crashed writer left a day ago or more. */
    private void removeUnnamed(ClipStoreIndex index) {
        java.util.Set<String> named = new java.util.HashSet<>(index.segments);
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                try {
                    if (name.endsWith(SEGMENT) && !named.contains(name)) {
                        Files.deleteIfExists(f);
                    } else if (name.endsWith(PARTIAL) && now - Files.getLastModifiedTime(f).toMillis() > STALE_PARTIAL_MS) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException e) {
                    notes.add("clip store: could not remove " + f + " (" + e.getMessage() + ")");
                }
            }
        } catch (IOException e) {
            notes.add("clip store: could not list " + dir + " (" + e.getMessage() + ")");
        }
    }

    private ComputedClips open(ClipStoreIndex index, String[] keys, String[] passing, int reused, int computed) throws IOException {
        int n = keys.length;
        List<String> failures = new ArrayList<>();
        int kept = 0;
        ClipStoreIndex.Entry[] found = new ClipStoreIndex.Entry[n];
        for (int i = 0; i < n; i++) {
            if (passing[i] != null) {
                // Could not be read this time: reported, not kept, so the next run tries again.
                failures.add(passing[i]);
                found[i] = new ClipStoreIndex.Entry(keys[i], -1, -1, -1, 0, 0, 0, 0, 0, passing[i]);
                continue;
            }
            found[i] = index.entries.get(keys[i]);
            if (found[i] == null) throw new IOException("clip store " + dir + ": lost the entry of " + keys[i] + " while writing");
            if (found[i].segment() < 0) failures.add(found[i].error());
            else kept++;
        }
        List<Path> segmentPaths = new ArrayList<>();
        List<FileChannel> channels = new ArrayList<>();
        Map<Integer, Integer> local = new HashMap<>();
        int[] sources = new int[kept], from = new int[kept], to = new int[kept], lengths = new int[kept], segmentOf = new int[kept];
        float[] durations = new float[kept];
        long[] offsets = new long[kept];
        try {
            for (int i = 0, j = 0; i < n; i++) {
                ClipStoreIndex.Entry e = found[i];
                if (e.segment() < 0) continue;
                Integer s = local.get(e.segment());
                if (s == null) {
                    Path seg = dir.resolve(index.segments.get(e.segment()));
                    s = channels.size();
                    channels.add(FileChannel.open(seg, StandardOpenOption.READ));
                    segmentPaths.add(seg);
                    local.put(e.segment(), s);
                }
                long size = channels.get(s).size();
                if (e.offset() + 4L * e.length() > size) {
                    throw new IOException("clip store " + dir + ": segment " + index.segments.get(e.segment()) + " is shorter than its index says ("
                            + size + " bytes, the entry of " + e.path() + " ends at " + (e.offset() + 4L * e.length()) + "); remove the folder");
                }
                sources[j] = i;
                from[j] = e.from();
                to[j] = e.to();
                lengths[j] = e.length();
                durations[j] = e.duration();
                offsets[j] = e.offset();
                segmentOf[j] = s;
                j++;
            }
        } catch (IOException | RuntimeException e) {
            for (FileChannel ch : channels) ch.close();
            throw e;
        }
        Collections.sort(failures);
        StoredClips records = new StoredClips(dir, segmentPaths.toArray(Path[]::new), channels.toArray(FileChannel[]::new), segmentOf, offsets,
                lengths);
        return new ComputedClips(records, sources, durations, from, to, List.copyOf(failures), computed, reused);
    }

    static String hash(String settings) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(settings.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
