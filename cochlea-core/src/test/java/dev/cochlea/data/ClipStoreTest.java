package dev.cochlea.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The on-disk clip store: reuse, change detection, failures, crashes, damage, sharing and interrupts. */
class ClipStoreTest {
    /** Files whose "values" are derived from their bytes, so a changed file gives changed values. */
    static List<Path> files(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(Files.writeString(dir.resolve("f" + i + ".txt"), "clip " + i + " " + "x".repeat(i % 7)));
        return out;
    }

    static StoredClip valuesOf(Path f) {
        try {
            String text = Files.readString(f);
            if (text.startsWith("bad")) return StoredClip.failed(f + ": not a clip");
            float[] v = new float[3 + text.length() * 5];
            for (int k = 0; k < v.length; k++) v[k] = text.hashCode() * 0.001f + k;
            return StoredClip.of(v, text.length() / 10f, 1, text.length());
        } catch (IOException e) {
            return StoredClip.failed(f + ": " + e.getMessage());
        }
    }

    static void assertSame(ComputedClips expected, ComputedClips got) {
        assertArrayEquals(expected.sources(), got.sources());
        assertArrayEquals(expected.durations(), got.durations());
        assertArrayEquals(expected.from(), got.from());
        assertArrayEquals(expected.to(), got.to());
        assertEquals(expected.failures(), got.failures());
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.records().get(i), got.records().get(i), "record " + i);
    }

    @Test
    void aSecondLoadReadsBackWhatTheFirstComputed(@TempDir Path dir) throws IOException {
        List<Path> f = files(dir.resolve("in"), 40);
        Files.writeString(f.get(5), "bad file");
        ComputedClips heap = ClipStore.computeInMemory(f.size(), i -> valuesOf(f.get(i)));
        ClipStore store = ClipStore.open(dir.resolve("store"), "test", "settings A");
        AtomicInteger calls = new AtomicInteger();
        try (FloatRecords r1 = store.load(f, i -> { calls.incrementAndGet(); return valuesOf(f.get(i)); }).records()) {
            assertEquals(40, calls.get());
        }
        calls.set(0);
        ComputedClips again = store.load(f, i -> { calls.incrementAndGet(); return valuesOf(f.get(i)); });
        try (FloatRecords r = again.records()) {
            assertEquals(0, calls.get(), "nothing computed twice, the failed file included");
            assertEquals(40, again.reused());
            assertEquals(39, again.size());
            assertSame(heap, again);
            assertTrue(again.failures().get(0).contains("f5.txt: not a clip"), again.failures().toString());
        }
        // Other settings are another store.
        assertNotEquals(store.dir(), ClipStore.open(dir.resolve("store"), "test", "settings B").dir());
    }

    @Test
    void aChangedFileIsComputedAgainAndOnlyIt(@TempDir Path dir) throws IOException {
        List<Path> f = files(dir.resolve("in"), 10);
        ClipStore store = ClipStore.open(dir.resolve("store"), "test", "s");
        store.load(f, i -> valuesOf(f.get(i))).records().close();
        Files.writeString(f.get(3), "clip 3 rewritten with more text");
        Files.setLastModifiedTime(f.get(3), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        List<Integer> computed = new ArrayList<>();
        ComputedClips c = store.load(f, i -> { synchronized (computed) { computed.add(i); } return valuesOf(f.get(i)); });
        try (FloatRecords r = c.records()) {
            assertEquals(List.of(3), computed);
            assertArrayEquals(valuesOf(f.get(3)).values(), r.get(3));
            assertEquals(9, c.reused());
        }
        // The superseded values' segment stays while still named; a store never grows without bound on rewrites
        // of the same files: after every file changed once more, the first segment is gone.
        for (Path p : f) {
            Files.writeString(p, Files.readString(p) + "!");
            Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        }
        store.load(f, i -> valuesOf(f.get(i))).records().close();
        try (Stream<Path> s = Files.list(store.dir())) {
            assertEquals(1, s.filter(p -> p.toString().endsWith(ClipStore.SEGMENT)).count());
        }
    }

    @Test
    void aCrashWhileComputingLeavesTheStoreAsItWas(@TempDir Path dir) throws IOException {
        List<Path> f = files(dir.resolve("in"), 20);
        ClipStore store = ClipStore.open(dir.resolve("store"), "test", "s");
        store.load(f.subList(0, 10), i -> valuesOf(f.get(i))).records().close();
        byte[] index = Files.readAllBytes(store.dir().resolve(ClipStoreIndex.FILE));
        assertThrows(IllegalStateException.class, () -> store.load(f, i -> {
            if (i == 15) throw new IllegalStateException("killed");
            return valuesOf(f.get(i));
        }));
        assertArrayEquals(index, Files.readAllBytes(store.dir().resolve(ClipStoreIndex.FILE)), "the index is untouched");
        try (Stream<Path> s = Files.list(store.dir())) {
            assertEquals(0, s.filter(p -> p.toString().endsWith(ClipStore.PARTIAL)).count(), "the partial segment is removed");
        }
        ComputedClips c = store.load(f, i -> valuesOf(f.get(i)));
        try (FloatRecords r = c.records()) {
            assertEquals(10, c.reused());
            assertSame(ClipStore.computeInMemory(f.size(), i -> valuesOf(f.get(i))), c);
        }
    }

    @Test
    void aDamagedIndexIsNeverBelievedAndTheValuesAreComputedAgain(@TempDir Path dir) throws IOException {
        List<Path> f = files(dir.resolve("in"), 12);
        ClipStore store = ClipStore.open(dir.resolve("store"), "test", "s");
        store.load(f, i -> valuesOf(f.get(i))).records().close();
        Path index = store.dir().resolve(ClipStoreIndex.FILE);
        byte[] good = Files.readAllBytes(index);
        for (int cut : new int[] {0, 10, good.length / 2, good.length - 1}) {
            Files.write(index, java.util.Arrays.copyOf(good, cut));
            ComputedClips c = store.load(f, i -> valuesOf(f.get(i)));
            try (FloatRecords r = c.records()) {
                assertEquals(0, c.reused(), "cut at " + cut);
                assertSame(ClipStore.computeInMemory(f.size(), i -> valuesOf(f.get(i))), c);
            }
            assertTrue(store.drainNotes().stream().anyMatch(n -> n.contains(index.toString())), "the note names the index");
        }
        byte[] flipped = Files.readAllBytes(index);
        flipped[flipped.length / 2] ^= 0x40;
        Files.write(index, flipped);
        assertEquals(0, store.load(f, i -> valuesOf(f.get(i))).reused());
        assertTrue(store.drainNotes().stream().anyMatch(n -> n.contains("checksum")));
    }

    @Test
    void aFolderWithOtherSettingsIsRefused(@TempDir Path dir) throws IOException {
        ClipStore store = ClipStore.open(dir, "test", "s");
        Files.writeString(store.dir().resolve(ClipStore.SETTINGS), "something else\n");
        IOException e = assertThrows(IOException.class, () -> ClipStore.open(dir, "test", "s"));
        assertTrue(e.getMessage().contains(store.dir().toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClipStore.open(dir, "../up", "s"));
    }

    @Test
    void loadsAtOnceFromSeveralThreadsAgree(@TempDir Path dir) throws Exception {
        List<Path> f = files(dir.resolve("in"), 60);
        ComputedClips heap = ClipStore.computeInMemory(f.size(), i -> valuesOf(f.get(i)));
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    ComputedClips c = ClipStore.open(dir.resolve("store"), "test", "s").load(f, i -> valuesOf(f.get(i)));
                    try (FloatRecords r = c.records()) {
                        assertSame(heap, c);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertEquals(List.of(), errors);
        assertEquals(60, ClipStore.open(dir.resolve("store"), "test", "s").load(f, i -> valuesOf(f.get(i))).reused());
    }

    @Test
    void aReaderInterruptedMidReadDoesNotBreakTheOthers(@TempDir Path dir) throws Exception {
        List<Path> f = files(dir.resolve("in"), 8);
        ComputedClips c = ClipStore.open(dir.resolve("store"), "test", "s").load(f, i -> valuesOf(f.get(i)));
        try (FloatRecords r = c.records()) {
            Thread t = Thread.ofPlatform().start(() -> {
                Thread.currentThread().interrupt();
                assertThrows(java.io.UncheckedIOException.class, () -> r.get(0));
            });
            t.join();
            assertArrayEquals(valuesOf(f.get(1)).values(), r.get(1), "the channel the interrupt closed is opened again");
        }
        assertThrows(java.io.UncheckedIOException.class, () -> c.records().get(0), "closed records stay closed");
    }

    @Test
    void recordsStartOn64ByteBoundariesAsLittleEndianFloats(@TempDir Path dir) throws IOException {
        List<Path> f = files(dir.resolve("in"), 3);
        ClipStore store = ClipStore.open(dir.resolve("store"), "test", "s");
        store.load(f, i -> valuesOf(f.get(i))).records().close();
        ClipStoreIndex index = ClipStoreIndex.read(store.dir());
        byte[] seg = Files.readAllBytes(store.dir().resolve(index.segments.get(0)));
        for (ClipStoreIndex.Entry e : index.entries.values()) {
            assertEquals(0, e.offset() % 64);
            float first = java.nio.ByteBuffer.wrap(seg, (int) e.offset(), 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat();
            assertEquals(valuesOf(Path.of(e.path())).values()[0], first);
        }
    }

    @Test
    void aFileThatCouldNotBeReadThisTimeIsTriedAgainNextRun(@TempDir Path dir) throws IOException {
        List<Path> f = files(dir.resolve("in"), 4);
        ClipStore store = ClipStore.open(dir.resolve("store"), "test", "s");
        ComputedClips first = store.load(f, i -> i == 2 ? StoredClip.failedForNow(f.get(i) + ": permission denied") : valuesOf(f.get(i)));
        assertEquals(3, first.size());
        assertTrue(first.failures().get(0).contains("permission denied"));
        first.records().close();
        List<Integer> computed = new ArrayList<>();
        ComputedClips second = store.load(f, i -> { synchronized (computed) { computed.add(i); } return valuesOf(f.get(i)); });
        second.records().close();
        assertEquals(List.of(2), computed, "only the file that failed for now is read again");
        assertEquals(4, second.size());
    }

    @Test
    void anIndexThatCannotBeReadIsAnErrorThatDeletesNothing(@TempDir Path dir) throws IOException {
        List<Path> f = files(dir.resolve("in"), 3);
        ClipStore store = ClipStore.open(dir.resolve("store"), "test", "s");
        store.load(f, i -> valuesOf(f.get(i))).records().close();
        Path index = store.dir().resolve(ClipStoreIndex.FILE);
        Files.move(index, store.dir().resolve("saved"));
        Files.createDirectory(index);   // reading it fails with an I/O error, not as a damaged index
        assertThrows(IOException.class, () -> store.load(f, i -> valuesOf(f.get(i))));
        try (Stream<Path> s = Files.list(store.dir())) {
            assertEquals(1, s.filter(p -> p.toString().endsWith(ClipStore.SEGMENT)).count(), "the segment is still there");
        }
    }

    @Test
    void manySmallRunsDoNotPileUpSegments(@TempDir Path dir) throws IOException {
        List<Path> f = files(dir.resolve("in"), 24);
        ClipStore store = ClipStore.open(dir.resolve("store"), "test", "s");
        for (int n = 1; n <= f.size(); n++) store.load(f.subList(0, n), i -> valuesOf(f.get(i))).records().close();
        try (Stream<Path> s = Files.list(store.dir())) {
            assertTrue(s.filter(p -> p.toString().endsWith(ClipStore.SEGMENT)).count() <= ClipStore.MAX_SEGMENTS);
        }
        ComputedClips all = store.load(f, i -> fail("everything is stored"));
        try (FloatRecords r = all.records()) {
            assertEquals(24, all.reused());
            assertSame(ClipStore.computeInMemory(f.size(), i -> valuesOf(f.get(i))), all);
        }
    }
}
