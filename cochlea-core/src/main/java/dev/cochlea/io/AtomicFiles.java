package dev.cochlea.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all-or-nothing: the content goes to a hidden temporary file in the target's
 * folder, is flushed to disk, and is then renamed into place, so readers see either the old file
 * or the complete new one, never a half-written one. If writing fails the temporary file is
 * deleted and the target is left untouched.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("ckpt/model.safetensors"), true, ch -> {
 *     ch.write(ByteBuffer.wrap(bytes));
 * });
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content of a file to an open channel. */
    @FunctionalInterface
    public interface ChannelWriter {
        /** Writes everything to {@code channel}, which is positioned at 0 of an empty file. */
        void write(FileChannel channel) throws IOException;
    }

    /**
     * Writes {@code target} atomically.
     *
     * @param target    the file to create or replace; its folder must exist
     * @param overwrite whether an existing {@code target} may be replaced; if false and it exists,
     *                  a {@link FileAlreadyExistsException} is thrown and nothing is written
     * @param body      writes the content
     */
    public static void write(Path target, boolean overwrite, ChannelWriter body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(abs.toString(), null, "cannot write: folder " + dir + " does not exist");
        }
        if (!overwrite && Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(abs.toString(), null, "file exists and overwriting was not requested");
        }
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(abs.toString(), null, "is a folder, cannot write a file there");
        }
        Path tmp = createTemp(dir, abs.getFileName().toString());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                body.write(ch);
                ch.force(true);
            } catch (IOException e) {
                // Channel errors such as "No space left on device" name no file.
                String msg = e.getMessage();
                if (msg != null && msg.contains(abs.getFileName().toString())) throw e;
                throw new IOException(abs + ": could not be written: " + msg, e);
            }
            if (overwrite) {
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                // A hard link fails atomically if the target appeared meanwhile; fall back to a plain move.
                try {
                    Files.createLink(abs, tmp);
                } catch (FileAlreadyExistsException e) {
                    throw new FileAlreadyExistsException(abs.toString(), null, "file exists and overwriting was not requested");
                } catch (UnsupportedOperationException | FileSystemException e) {
                    Files.move(tmp, abs);
                }
            }
            syncFolder(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new empty file {@code .NAME.RANDOM.tmp} in {@code dir}, created with default permissions. */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            Path tmp = dir.resolve("." + name + "." + suffix + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
    }

    /** Best effort: flush the rename to disk (works on Linux; ignored where folders cannot be opened). */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not supported on this platform or file system
        }
    }
}
