package dev.cochlea.data;

import dev.cochlea.audio.Wav;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The data-set layouts read besides label folders: manifests (CSV, TSV), Speech Commands' lists and
 * background noise, ESC-50's and UrbanSound8K's metadata with their folds; and the splits they give.
 * The trees are built here in the real layouts (header lines copied from each data set's own files).
 */
class DatasetLayoutsTest {
    static Path wav(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        float[] x = new float[800];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i * 0.1 * (1 + file.getFileName().toString().length() % 5)) * 0.3f;
        Wav.write16(file, Tensor.wrap(x, x.length), 8000);
        return file;
    }

    @Test
    void aManifestNamesPathsLabelsGroupsFoldsAndSplits(@TempDir Path dir) throws IOException {
        wav(dir.resolve("clips/a.wav"));
        wav(dir.resolve("clips/b.wav"));
        wav(dir.resolve("clips/c_7.wav"));
        Files.writeString(dir.resolve("clips/notes.wav"), "not audio");
        Files.writeString(dir.resolve("list.csv"), "\uFEFFPath,Label,speaker,fold,split\n"
                + "clips/a.wav,yes,s1,1,train\n"
                + "\"clips/b.wav\",\"no, really\",s2,2,val\n"
                + "clips/c_7.wav,yes,s2,2,test\n"
                + "clips/missing.wav,no,s3,1,train\n"
                + "clips/notes.wav,no,s3,1,train\n"
                + "clips/a.wav,,s1,1,train\n");
        AudioFolder f = AudioFolder.scan(dir.resolve("list.csv"), null, null);
        assertEquals("manifest list.csv", f.layout());
        assertEquals(List.of("no, really", "yes"), f.classes());
        assertEquals(3, f.items().size());
        AudioItem c = f.items().get(2);
        assertEquals(dir.resolve("clips/c_7.wav").toAbsolutePath(), c.path().toAbsolutePath());
        assertEquals("s2", c.group());
        assertEquals(2, c.fold());
        assertEquals("test", c.subset());
        assertEquals(7, c.index());
        assertEquals("validation", f.items().get(1).subset());
        assertEquals(3, f.skippedFiles().size(), f.skippedWarning(5));
        assertTrue(f.skippedWarning(5).contains("line 5 of manifest"), f.skippedWarning(5));
        assertTrue(f.skippedWarning(5).contains("without a label"), f.skippedWarning(5));

        Split.Parts official = Split.parse("official").apply(f.items(), 0);
        assertEquals(List.of(c), official.test());
        Split.Parts fold2 = Split.parse("fold:2").apply(f.items(), 0);
        assertEquals(2, fold2.test().size());
        assertEquals(1, ValidationSplit.parse("auto").apply(official.train(), 0).validation().size(), "the manifest's val rows validate");

        Files.writeString(dir.resolve("short.csv"), "path,label,group\nclips/a.wav,yes\nclips/b.wav,no,s9\n");
        AudioFolder shortRows = AudioFolder.scan(dir.resolve("short.csv"), null, null);
        assertEquals("s9", shortRows.items().get(1).group(), "a short first row does not hide the group column");
        Files.writeString(dir.resolve("tabs.tsv"), "file\tclass\nclips/a.wav\tup\nclips/b.wav\tdown\n");
        assertEquals(List.of("down", "up"), AudioFolder.scan(dir.resolve("tabs.tsv"), null, null).classes());
    }

    @Test
    void aManifestThatCannotBeUsedSaysWhichColumnOrLine(@TempDir Path dir) throws IOException {
        wav(dir.resolve("a.wav"));
        Files.writeString(dir.resolve("nolabel.csv"), "path,speaker\na.wav,s1\n");
        String m = assertThrows(IllegalArgumentException.class, () -> AudioFolder.scan(dir.resolve("nolabel.csv"), null, null)).getMessage();
        assertTrue(m.contains("no label column") && m.contains("nolabel.csv") && m.contains("[path, speaker]"), m);
        Files.writeString(dir.resolve("badfold.csv"), "path,label,fold\na.wav,x,1\na.wav,y,two\n");
        m = assertThrows(IllegalArgumentException.class, () -> AudioFolder.scan(dir.resolve("badfold.csv"), null, null)).getMessage();
        assertTrue(m.contains("line 3") && m.contains("'two'"), m);
        Files.writeString(dir.resolve("badsplit.csv"), "path,label,split\na.wav,x,holdout\n");
        m = assertThrows(IllegalArgumentException.class, () -> AudioFolder.scan(dir.resolve("badsplit.csv"), null, null)).getMessage();
        assertTrue(m.contains("'holdout'"), m);
        Files.writeString(dir.resolve("none.csv"), "path,label\nmissing.wav,x\n");
        m = assertThrows(IllegalArgumentException.class, () -> AudioFolder.scan(dir.resolve("none.csv"), null, null)).getMessage();
        assertTrue(m.contains("lists no usable recording") && m.contains("not found"), m);
        Files.writeString(dir.resolve("nofolds.csv"), "path,label\na.wav,x\n");
        m = assertThrows(IllegalArgumentException.class, () -> Split.parse("fold:2").apply(
                AudioFolder.scan(dir.resolve("nofolds.csv"), null, null).items(), 0)).getMessage();
        assertTrue(m.contains("has no fold"), m);
    }

    @Test
    void speechCommandsListsGiveTheOfficialSplitAndItsNoiseFolderIsNotAClass(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("speech_commands_v0.02");
        for (String w : new String[] {"yes", "no"}) {
            for (String spk : new String[] {"0a7c2a8d", "0b09edd3", "0c40e715"}) wav(root.resolve(w).resolve(spk + "_nohash_0.wav"));
        }
        wav(root.resolve("_background_noise_/white_noise.wav"));
        Files.writeString(root.resolve("testing_list.txt"), "yes/0a7c2a8d_nohash_0.wav\nno/0a7c2a8d_nohash_0.wav\n");
        Files.writeString(root.resolve("validation_list.txt"), "yes/0b09edd3_nohash_0.wav\n");
        AudioFolder f = AudioFolder.scan(root, null, null);
        assertEquals("Speech Commands", f.layout());
        assertEquals(List.of("no", "yes"), f.classes());
        assertEquals(6, f.items().size());
        assertEquals(root.resolve("_background_noise_"), f.backgroundNoise());
        Map<String, Integer> parts = new TreeMap<>();
        for (AudioItem it : f.items()) parts.merge(it.subset(), 1, Integer::sum);
        assertEquals(Map.of("test", 2, "train", 3, "validation", 1), parts);
        for (AudioItem it : f.items()) {
            assertEquals(it.path().getFileName().toString().substring(0, 8), it.group(), "the speaker is the hash before _nohash_");
        }
        Split.Parts p = Split.parse("official").apply(f.items(), 0);
        assertEquals(2, p.test().size());
        ValidationSplit.Parts v = ValidationSplit.parse("auto").apply(p.train(), 0);
        assertEquals(1, v.validation().size());
        assertEquals("validation", v.validation().get(0).subset());
    }

    @Test
    void esc50AndUrbanSound8kAreReadFromTheirMetadataWithFolds(@TempDir Path dir) throws IOException {
        Path esc = dir.resolve("ESC-50-master");
        Files.createDirectories(esc.resolve("meta"));
        StringBuilder csv = new StringBuilder("filename,fold,target,category,esc10,src_file,take\n");
        for (int fold = 1; fold <= 3; fold++) {
            for (String cat : new String[] {"dog", "rain"}) {
                String name = fold + "-1000" + fold + "-A-" + (cat.equals("dog") ? 0 : 10) + ".wav";
                wav(esc.resolve("audio").resolve(name));
                csv.append(name).append(',').append(fold).append(',').append(cat.equals("dog") ? 0 : 10).append(',').append(cat)
                        .append(",True,1000").append(fold).append(",A\n");
            }
        }
        Files.writeString(esc.resolve("meta/esc50.csv"), csv);
        AudioFolder f = AudioFolder.scan(esc, null, null);
        assertEquals("ESC-50", f.layout());
        assertEquals(List.of("dog", "rain"), f.classes());
        assertEquals(6, f.items().size());
        assertEquals("10002", f.items().get(2).group());
        Split.Parts p = Split.parse("fold:1").apply(f.items(), 0);
        assertEquals(2, p.test().size());
        assertEquals(4, p.train().size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Split.parse("fold:9").apply(f.items(), 0)).getMessage()
                .contains("folds found: [1, 2, 3]"));

        Path us = dir.resolve("UrbanSound8K");
        Files.createDirectories(us.resolve("metadata"));
        StringBuilder meta = new StringBuilder("slice_file_name,fsID,start,end,salience,fold,classID,class\n");
        for (int fold = 1; fold <= 2; fold++) {
            for (String cls : new String[] {"siren", "street_music"}) {
                String name = (100 + fold) + "-" + cls.length() + "-0-0.wav";
                wav(us.resolve("audio/fold" + fold).resolve(name));
                meta.append(name).append(',').append(100 + fold).append(",0.0,4.0,1,").append(fold).append(",8,").append(cls).append('\n');
            }
        }
        Files.writeString(us.resolve("metadata/UrbanSound8K.csv"), meta);
        AudioFolder u = AudioFolder.scan(us, null, null);
        assertEquals("UrbanSound8K", u.layout());
        assertEquals(List.of("siren", "street_music"), u.classes());
        assertEquals(4, u.items().size());
        assertTrue(u.items().stream().allMatch(it -> it.path().getParent().getFileName().toString().equals("fold" + it.fold())));
    }
}
