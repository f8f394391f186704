package dev.cochlea.tutorial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ch10ModuleTest {
    @TempDir
    Path dir;

    @Test
    void bothWaysGiveTheSameModel() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch10Module().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        assertArrayEquals(new int[] {2, 2, 2}, (int[]) r.get("paddings"));
        assertArrayEquals(new int[] {64, 10}, (int[]) r.get("moduleOutput"));
        assertArrayEquals(new int[] {64, 10}, (int[]) r.get("sequentialOutput"));
        // 3*32*25+32 + 32*32*25+32 + 32*64*25+64 + 1024*64+64 + 64*10+10
        long expected = 2432 + 25632 + 51264 + 65600 + 650;
        assertEquals(expected, (long) r.get("parameters"));
        assertEquals(expected, (long) r.get("sequentialParameters"));
        assertEquals(expected, (long) r.get("shippedParameters"));
        assertTrue((double) r.get("outputDifference") < 1e-6);
        String summary = (String) r.get("summary");
        assertTrue(summary.contains("Total params: 145,578"), summary);
        assertTrue(summary.contains("[64, 64, 4, 4]"), summary);
        assertArrayEquals(new int[] {64, 10}, (int[]) r.get("audioOutput"));
        assertEquals(2, Ch10Module.samePadding(32, 32, 5, 1));
        // The graph: input, 10 parameters, 3 convolutions, 3 poolings, flatten, 2 linear layers, output.
        assertEquals(21, (int) r.get("graphNodes"));
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) r.get("graphNodeNames");
        for (String name : List.of("input/input", "Cifar10Quick/Conv2d[conv1]/weight", "Cifar10Quick/Conv2d[conv1]/conv2d",
                "Cifar10Quick/MaxPool2d[maxpool3]/max_pool2d", "Cifar10Quick/Flatten[flatten]/view",
                "Cifar10Quick/Linear[linear2]/addmm", "output/output")) {
            assertTrue(names.contains(name), name + " in " + names);
        }
        Path events;
        try (Stream<Path> files = Files.list(dir)) {
            events = files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents")).findFirst().orElseThrow();
        }
        String bytes = new String(Files.readAllBytes(events), StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("Cifar10Quick/Conv2d[conv1]/conv2d"), "the graph is in the event file");
        String dot = Files.readString(dir.resolve("graph.dot"));
        assertTrue(dot.startsWith("digraph G {") && dot.contains("label=\"Conv2d[conv1]\""), dot);
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("21 nodes"), printed);
    }
}
