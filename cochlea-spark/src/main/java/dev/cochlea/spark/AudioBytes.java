package dev.cochlea.spark;

import dev.cochlea.audio.AudioData;
import dev.cochlea.train.Classifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file's bytes, as Spark's {@code binaryFile} source gives them, decoded the way
 * {@link Classifier#read} decodes a file: through a temporary file (in memory, under
 * {@code /dev/shm}, when there is room), since decoders read files; deleted right after.
 */
final class AudioBytes {
    private static final Path SHM = Path.of("/dev/shm");

    private AudioBytes() {}

    static AudioData read(Classifier c, String name, byte[] content) throws IOException {
        Path dir = tempFolder(content.length);
        String base = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        Path tmp = Files.createTempFile(dir, "cochlea-", "-" + (base.length() > 60 ? base.substring(base.length() - 60) : base));
        try {
            Files.write(tmp, content);
            return c.read(tmp);
        } catch (IOException e) {
            // Name the source file, not the temporary copy.
            String m = String.valueOf(e.getMessage()).replace(tmp.toString(), name);
            throw new IOException(m.startsWith(name) ? m : name + ": " + m, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path tempFolder(long bytes) {
        try {
            if (Files.isDirectory(SHM) && Files.isWritable(SHM) && Files.getFileStore(SHM).getUsableSpace() > bytes + (256L << 20)) return SHM;
        } catch (IOException ignored) {
            // The default temporary folder below.
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
