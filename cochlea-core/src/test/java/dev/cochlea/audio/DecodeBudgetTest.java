package dev.cochlea.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A file holding more audio than the heap can take is refused by name, before anything is allocated. */
class DecodeBudgetTest {
    @Test
    void aSparseFileLargerThanTheHeapIsRefusedWithARangeToRead(@TempDir Path dir) throws Exception {
        long frames = Math.min(Math.max(Runtime.getRuntime().maxMemory() / 4, 300_000_000L), 1_000_000_000L);   // 16-bit mono, 2 bytes each
        Path f = dir.resolve("sparse.wav");
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        long data = frames * 2;
        h.put("RIFF".getBytes()).putInt((int) Math.min(0xFFFFFFFFL, data + 36)).put("WAVE".getBytes());
        h.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        h.put("data".getBytes()).putInt((int) data);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(h.array());
            raf.setLength(44 + data);
        }
        assertEquals(frames, Audio.info(f).frames());
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("Audio.read(file, frameOffset, frames)"), e.getMessage());
        assertEquals(8000, Audio.read(f, frames - 8000, 8000).frames(), "a range of it reads");
    }

    @Test
    void moreThanOneTensorIsRefused() {
        Path f = Path.of("x.flac");
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> DecodeBudget.check(f, 1L << 31, 2));
        assertTrue(e.getMessage().contains("too long to load into one tensor"), e.getMessage());
        assertThrows(AudioFormatException.class, () -> DecodeBudget.check(f, Long.MAX_VALUE / 2, 4));
    }
}
