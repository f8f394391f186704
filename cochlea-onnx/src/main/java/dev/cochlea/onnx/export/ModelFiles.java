package dev.cochlea.onnx.export;

import dev.cochlea.onnx.proto.OnnxProto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/** Writing a model file whole or not at all: a temp file beside it, synced, then renamed (or linked) into place. */
final class ModelFiles {
    private ModelFiles() {}

    /**
     * Writes {@code model} to {@code file}: to a temporary file next to it, synced, then renamed into
     * place. Without {@code overwrite} an existing {@code file} is an error and is left as it was
     * (also when it appears while writing); the temporary file is removed whatever happens.
     */
    static void write(Path file, OnnxProto.ModelProto model, boolean overwrite) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite an existing file (overwrite not asked for)");
        }
        if (Files.isDirectory(target)) throw new IOException(file + ": is a directory");
        // Not Files.createTempFile, whose owner-only permissions the model file would keep.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(new SecureRandom().nextLong(), 36) + ".tmp");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);   // a name taken deletes nothing
        try {
            try (ch; OutputStream out = Channels.newOutputStream(ch)) {
                model.writeTo(out);
                out.flush();
                ch.force(true);
            }
            if (overwrite) {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                // A hard link is created only where nothing is: an existing file is never replaced.
                try {
                    Files.createLink(target, tmp);
                } catch (FileAlreadyExistsException e) {
                    throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite an existing file (overwrite not asked for)");
                } catch (UnsupportedOperationException | IOException e) {
                    Files.move(tmp, target);   // no hard links here: a move that refuses an existing target
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
