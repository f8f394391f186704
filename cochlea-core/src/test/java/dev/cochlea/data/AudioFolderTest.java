package dev.cochlea.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class AudioFolderTest {
    /** The 44-byte header of a 16-bit mono WAV file without samples. */
    private static final byte[] EMPTY_WAV = {'R', 'I', 'F', 'F', 36, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' ', 16, 0, 0, 0,
            1, 0, 1, 0, 0x40, 0x1F, 0, 0, (byte) 0x80, 0x3E, 0, 0, 2, 0, 16, 0, 'd', 'a', 't', 'a', 0, 0, 0, 0};

    /** An audio file (a WAV header) or, for other names, an empty file. */
    private static void touch(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, dev.cochlea.audio.Audio.hasAudioExtension(p) ? EMPTY_WAV : new byte[0]);
    }

    private static Path digits(Path dir) throws IOException {
        for (int d = 0; d < 3; d++) {
            for (String spk : List.of("ann", "bob")) {
                for (int i = 0; i < 7; i++) touch(dir.resolve(d + "_" + spk + "_" + i + ".wav"));
            }
        }
        touch(dir.resolve("README.md"));
        return dir;
    }

    @Test
    void labelsFromFileNames(@TempDir Path dir) throws IOException {
        AudioFolder f = AudioFolder.scan(digits(dir), Pattern.compile("^(\\d+)_"), null);
        assertEquals(List.of("0", "1", "2"), f.classes());
        assertEquals(42, f.items().size());
        AudioItem first = f.items().get(0);
        assertEquals("0", first.label());
        assertEquals("ann", first.group());
        assertEquals(0, first.index());
        assertEquals(2, f.classIndex("2"));
    }

    @Test
    void labelsFromSubFolders(@TempDir Path dir) throws IOException {
        touch(dir.resolve("dog/a.wav"));
        touch(dir.resolve("cat/b.WAV"));
        touch(dir.resolve("cat/deeper/c.wav"));
        AudioFolder f = AudioFolder.scan(dir, null, null);
        assertEquals(List.of("cat", "dog"), f.classes());
        assertEquals(3, f.items().size());
        touch(dir.resolve("loose.wav"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AudioFolder.scan(dir, null, null));
        assertTrue(e.getMessage().contains("loose.wav") && e.getMessage().contains("labelPattern(...)"), e.getMessage());
    }

    @Test
    void badFoldersAndPatternsAreExplained(@TempDir Path dir) throws IOException {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> AudioFolder.scan(dir.resolve("nope"), null, null));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AudioFolder.scan(dir, null, null));
        digits(dir);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> AudioFolder.scan(dir, Pattern.compile("^x(\\d)"), null));
        assertTrue(bad.getMessage().contains("matches none of the 42") && bad.getMessage().startsWith("labelPattern:"), bad.getMessage());
        IllegalArgumentException noGroup = assertThrows(IllegalArgumentException.class,
                () -> AudioFolder.scan(dir, Pattern.compile("^\\d+_"), null));
        assertTrue(noGroup.getMessage().contains("no capture group"), noGroup.getMessage());
        IllegalArgumentException regex = assertThrows(IllegalArgumentException.class, () -> AudioFolder.pattern("labelPattern", "^(\\d+_"));
        assertTrue(regex.getMessage().startsWith("labelPattern: '^(\\d+_' is not a regular expression"), regex.getMessage());
    }

    @Test
    void strayFilesAreLeftOutAndListed(@TempDir Path dir) throws IOException {
        digits(dir);
        touch(dir.resolve(".hidden.wav"));
        touch(dir.resolve("notes.wav"));
        AudioFolder f = AudioFolder.scan(dir, Pattern.compile("^(\\d+)_"), null);
        assertEquals(42, f.items().size());
        assertEquals(List.of(dir.resolve(".hidden.wav"), dir.resolve("notes.wav")), f.skipped());
        String w = f.skippedWarning(5);
        assertTrue(w.contains("2 file(s)") && w.contains("notes.wav: does not match the label pattern '^(\\d+)_'"), w);
    }

    @Test
    void everyAudioExtensionIsScannedAndContentThatIsNotAudioIsListedWithTheReason(@TempDir Path dir) throws IOException {
        digits(dir);
        Files.copy(dir.resolve("0_ann_0.wav"), dir.resolve("3_ann_0.AIFF"));   // a WAV file named .AIFF: content decides
        Files.writeString(dir.resolve("3_ann_1.wav"), "hello, not audio");
        Files.write(dir.resolve("3_ann_2.flac"), new byte[0]);
        touch(dir.resolve("3_ann_3.txt"));
        AudioFolder f = AudioFolder.scan(dir, Pattern.compile("^(\\d+)_"), null);
        assertEquals(List.of("0", "1", "2", "3"), f.classes());
        assertEquals(43, f.items().size());
        assertEquals(List.of(dir.resolve("3_ann_1.wav"), dir.resolve("3_ann_2.flac")), f.skipped());
        AudioFolder.Skipped text = f.skippedFiles().get(0);
        assertTrue(text.reason().startsWith("not an audio file Cochlea reads: it starts with bytes 68 65 6c 6c"), text.reason());
        assertTrue(f.skippedFiles().get(1).reason().startsWith("empty file (0 bytes)"), f.skippedFiles().get(1).reason());
        String w = f.skippedWarning(5);
        assertTrue(w.contains("2 file(s)") && w.contains("3_ann_1.wav: not an audio file"), w);
        // Nothing readable at all: the error names a file and why.
        Path junk = dir.resolve("junk");
        Files.createDirectories(junk.resolve("a"));
        Files.writeString(junk.resolve("a").resolve("x.wav"), "text");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AudioFolder.scan(junk, null, null));
        assertTrue(e.getMessage().contains("no audio file Cochlea reads") && e.getMessage().contains("x.wav: not an audio file"), e.getMessage());
    }

    @Test
    void splits(@TempDir Path dir) throws IOException {
        AudioFolder f = AudioFolder.scan(digits(dir), Pattern.compile("^(\\d+)_"), null);
        Split.Parts official = Split.parse("official").apply(f.items(), 0);
        assertEquals(30, official.test().size());
        assertEquals(12, official.train().size());
        assertTrue(official.test().stream().allMatch(i -> i.index() <= 4));
        Split.Parts group = Split.parse("group:bob").apply(f.items(), 0);
        assertEquals(21, group.test().size());
        assertTrue(group.train().stream().noneMatch(i -> i.group().equals("bob")));
        Split.Parts r1 = Split.parse("random:0.25").apply(f.items(), 7);
        Split.Parts r2 = Split.parse("random:0.25").apply(f.items(), 7);
        assertEquals(11, r1.test().size());
        assertEquals(r1.test(), r2.test());
        Split.Parts all = Split.parse("all").apply(f.items(), 0);
        assertEquals(42, all.train().size());
        assertEquals(42, all.test().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.parse("group:zed").apply(f.items(), 0));
        assertTrue(e.getMessage().contains("[ann, bob]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Split.parse("random:1.5"));
        assertThrows(IllegalArgumentException.class, () -> Split.parse("speakers"));
    }
}
