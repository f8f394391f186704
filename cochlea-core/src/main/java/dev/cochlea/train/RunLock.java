package dev.cochlea.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The writer's lock on a run folder: the file {@value #FILE} holds the owner's process id and
 * start time and is held with an operating-system file lock while the owner trains. A second
 * writer is refused with the owner's pid; a lock left by a process that died (its file lock is
 * free) is taken over. On file systems without working file locks, a lock whose recorded process
 * is still alive (same pid and start time) is respected.
 *
 * <pre>{@code
 * try (RunLock lock = RunLock.acquire(Path.of("runs/fsdd"))) {
 *     // train, write checkpoints
 * }
 * }</pre>
 */
public final class RunLock implements AutoCloseable {
    /** The lock file's name inside a run folder. */
    public static final String FILE = ".lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir} (which must exist).
     *
     * @throws IllegalStateException if another live writer holds it
     */
    public static RunLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        for (int attempt = 0; ; attempt++) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = null;
            boolean locksWork = true;
            try {
                Object key = fileKey(file);
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this process
                } catch (IOException e) {
                    locksWork = false; // the file system does not support locks: rely on the pid alone
                }
                if (locksWork && lock == null) throw busy(dir, owner(ch).orElse(null));
                Optional<Owner> previous = owner(ch);
                if (!locksWork && previous.isPresent() && previous.get().alive()) throw busy(dir, previous.get());
                // The holder that released just before us may have deleted the file: lock the one that is there now.
                if (!Objects.equals(key, fileKey(file))) {
                    if (attempt > 10) throw new IOException(file + ": the lock file keeps being replaced by another process");
                    if (lock != null) lock.release();
                    ch.close();
                    continue;
                }
                ProcessHandle me = ProcessHandle.current();
                String content = "pid=" + me.pid() + "\nstarted=" + me.info().startInstant().map(Instant::toString).orElse("") + "\n";
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
                ch.force(true);
                return new RunLock(file, ch, lock);
            } catch (IOException | RuntimeException e) {
                if (lock != null && lock.isValid()) lock.release();
                ch.close();
                throw e;
            }
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static IllegalStateException busy(Path dir, Owner owner) {
        return new IllegalStateException("out: " + dir + " is in use by another training (" + (owner == null ? "owner unknown"
                : "pid " + owner.pid + (owner.started.isEmpty() ? "" : ", started " + owner.started)) + "; lock file "
                + dir.resolve(FILE) + "); wait for it to finish, stop it, or choose another out");
    }

    /** The recorded owner of a lock file. */
    private record Owner(long pid, String started) {
        /** Whether that process still runs (the same process: same pid and, where known, the same start time). */
        boolean alive() {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive()) return false;
            if (started.isEmpty()) return true;
            return h.get().info().startInstant().map(i -> i.toString().equals(started)).orElse(true);
        }
    }

    private static Optional<Owner> owner(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0 || size > 4096) return Optional.empty();
        ByteBuffer b = ByteBuffer.allocate((int) size);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // reads until full
        }
        long pid = -1;
        String started = "";
        for (String line : new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("pid=")) {
                try {
                    pid = Long.parseLong(line.substring(4).trim());
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            } else if (line.startsWith("started=")) {
                started = line.substring(8).trim();
            }
        }
        return pid > 0 ? Optional.of(new Owner(pid, started)) : Optional.empty();
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Deletes the lock file and releases the lock. */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) return;
        try {
            try {
                Files.deleteIfExists(file);
            } catch (NoSuchFileException ignored) {
                // already gone
            }
            if (lock != null && lock.isValid()) lock.release();
        } finally {
            channel.close();
        }
    }
}
