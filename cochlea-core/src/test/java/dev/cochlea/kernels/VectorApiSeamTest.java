package dev.cochlea.kernels;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API seam, read from the compiled classes: only the {@code Vector*} classes of this package
 * name {@code jdk.incubator.vector} or refer to one another, so nothing else links against the module
 * ({@link KernelProvider} reaches {@code VectorKernels} by name, through reflection).
 */
class VectorApiSeamTest {

    @Test
    void onlyTheVectorClassesNameTheVectorApi() throws Exception {
        Path classes = Path.of(KernelProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes.resolve("dev/cochlea/kernels")), "compiled classes under " + classes);
        List<String> offenders = new ArrayList<>();
        int vectorClasses = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                String topLevel = name.replaceAll("\\$.*|\\.class$", "");
                if (topLevel.startsWith("dev/cochlea/kernels/Vector")) {
                    vectorClasses++;
                    continue;
                }
                String text = read(f);
                if (text.contains("jdk/incubator/vector") || text.contains("dev/cochlea/kernels/Vector")) offenders.add(name);
            }
        }
        assertTrue(vectorClasses >= 8, "expected the Vector* kernel classes, found " + vectorClasses);
        assertEquals(List.of(), offenders, "classes outside the Vector* kernels that name the Vector API or a Vector* class");
    }

    private static String read(Path f) throws IOException {
        return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
    }
}
