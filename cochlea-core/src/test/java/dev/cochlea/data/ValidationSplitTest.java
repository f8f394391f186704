package dev.cochlea.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationSplitTest {
    /** Speakers a..e each saying digits 0..9 three times. */
    static List<AudioItem> speakers() {
        return speakers(List.of("a", "b", "c", "d", "e"));
    }

    static List<AudioItem> speakers(List<String> names) {
        List<AudioItem> items = new ArrayList<>();
        for (String g : names) {
            for (int d = 0; d < 10; d++) {
                for (int i = 0; i < 3; i++) items.add(new AudioItem(Path.of(d + "_" + g + "_" + i + ".wav"), "" + d, g, i));
            }
        }
        return items;
    }

    @Test
    void autoKeepsEveryOneOfAFewSpeakersForTraining() {
        ValidationSplit.Parts p = ValidationSplit.parse("auto").apply(speakers(), 0);
        assertEquals(0, p.validation().size());
        assertEquals(150, p.train().size());
    }

    @Test
    void autoHoldsOutWholeSpeakersChosenBySeedWhenThereAreMany() {
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o");
        ValidationSplit.Parts p = ValidationSplit.parse("auto").apply(speakers(names), 0);
        assertEquals(2, p.groups().size(), "a tenth of 15, rounded");
        assertEquals(60, p.validation().size());
        assertEquals(390, p.train().size());
        Set<String> trainGroups = new HashSet<>();
        for (AudioItem it : p.train()) trainGroups.add(it.group());
        assertFalse(trainGroups.contains(p.groups().get(0)), "speaker-disjoint");
        assertEquals(p, ValidationSplit.parse("auto").apply(speakers(names), 0), "same seed, same split");
    }

    @Test
    void autoFallsBackToRandomWhenGroupsAreNotSpeakers() {
        // Each "group" holds a single label: an accident of file naming, not speakers.
        List<AudioItem> items = new ArrayList<>();
        for (int d = 0; d < 4; d++) for (int i = 0; i < 10; i++) items.add(new AudioItem(Path.of("x" + d + "_" + i), "" + d, "g" + d, -1));
        ValidationSplit.Parts p = ValidationSplit.parse("auto").apply(items, 3);
        assertTrue(p.groups().isEmpty());
        assertEquals(4, p.validation().size());
    }

    @Test
    void namedGroupsAndNone() {
        ValidationSplit.Parts p = ValidationSplit.parse("group:b,c").apply(speakers(), 0);
        assertEquals(List.of("b", "c"), p.groups());
        assertEquals(60, p.validation().size());
        assertEquals(0, ValidationSplit.parse("none").apply(speakers(), 0).validation().size());
        assertEquals(15, ValidationSplit.parse("random:0.1").apply(speakers(), 0).validation().size());
        assertEquals(2, ValidationSplit.parse("groups:2").apply(speakers(), 5).groups().size());
    }

    @Test
    void errorsNameTheOption() {
        for (String bad : List.of("group:", "groups:x", "random:1.5", "speakers")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValidationSplit.parse(bad));
            assertTrue(e.getMessage().startsWith("validation"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValidationSplit.parse("group:zed").apply(speakers(), 0));
        assertTrue(e.getMessage().contains("zed") && e.getMessage().contains("[a, b, c, d, e]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ValidationSplit.parse("groups:5").apply(speakers(), 0));
        assertTrue(e.getMessage().contains("only 5 group"), e.getMessage());
    }

    @Test
    void testSplitHoldsOutSeveralGroups() {
        Split.Parts p = Split.parse("group:a,e").apply(speakers(), 0);
        assertEquals(60, p.test().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Split.parse("group:a,zz").apply(speakers(), 0));
        assertTrue(e.getMessage().contains("'zz'"), e.getMessage());
    }
}
