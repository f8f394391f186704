package dev.cochlea.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** A failed write names the file and leaves nothing behind. */
class AtomicFilesTest {
    @Test
    void aFullDiskNamesTheFileBeingWritten(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model.safetensors");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, true, ch -> {
            throw new IOException("No space left on device");
        }));
        assertEquals(target.toAbsolutePath() + ": could not be written: No space left on device", e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "no temp file is left");
        }
    }
}
