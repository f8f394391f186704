package dev.cochlea.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The reference files kept in the repository, under {@value #SOURCE_DIR}, read from the test
 * classpath as {@code /reference/NAME}. Each is written by a script under {@code reference/}
 * (listed in {@code reference/README.md}); a missing file <em>fails</em> the test that needs it,
 * with a message naming the file and the command that regenerates it. Parity tests are never
 * skipped for want of their reference values.
 *
 * <pre>{@code
 * AudioData a = Wav.read(ReferenceFiles.path("audio_tone8k.wav"));
 * ReferenceFiles.generatorFor("nn.json");   // "reference/make_golden.py"
 * }</pre>
 */
public final class ReferenceFiles {
    /** Where the files live in the repository (relative to its root). */
    public static final String SOURCE_DIR = "cochlea-core/src/test/resources/reference/";

    /** The generator of each family of files, by the name's stem (the part before the first '.' or '_'). */
    private static final Map<String, String> GENERATORS = Map.of(
            "nn", "reference/make_golden.py",
            "audio", "reference/make_golden.py",
            "kws", "reference/make_kws_reference.py",
            "pcen", "reference/make_pcen_reference.py",
            "wav", "reference/make_wav_reference.py",
            "formats", "reference/make_format_reference.py");

    private ReferenceFiles() {
    }

    /** The script that writes {@code name}, or {@code null} for a name no generator writes. */
    public static String generatorFor(String name) {
        if (name.contains("/")) name = name.substring(0, name.indexOf('/'));
        int end = name.length();
        for (char c : new char[] {'.', '_'}) {
            int i = name.indexOf(c);
            if (i >= 0) end = Math.min(end, i);
        }
        return GENERATORS.get(name.substring(0, end));
    }

    /** The classpath URL of {@code /reference/NAME}; fails naming the file and its generator when it is absent. */
    public static URL url(String name) {
        URL url = ReferenceFiles.class.getResource("/reference/" + name);
        if (url == null) throw new AssertionError(missing(name));
        return url;
    }

    /** Opens {@code /reference/NAME}; fails naming the file and its generator when it is absent. */
    public static InputStream open(String name) {
        try {
            return url(name).openStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference file " + SOURCE_DIR + name, e);
        }
    }

    /**
     * {@code /reference/NAME} as a file: the file itself when the classpath is a folder (as under
     * Maven), else a temporary copy. Fails naming the file and its generator when it is absent.
     */
    public static Path path(String name) {
        URL url = url(name);
        try {
            if ("file".equals(url.getProtocol())) return Path.of(url.toURI());
            Path tmp = Files.createTempFile("cochlea-reference-", "-" + name);
            tmp.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference file " + SOURCE_DIR + name, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("reference file " + name + " has a malformed URL " + url, e);
        }
    }

    /** The failure message for a missing file: what was expected where, and how to make it. */
    static String missing(String name) {
        String generator = generatorFor(name);
        return "reference file " + SOURCE_DIR + name + " is missing (not on the test classpath as /reference/" + name + "); "
                + (generator == null
                        ? "no generator writes this name: see reference/README.md for the generators and their outputs"
                        : "regenerate it from the repository root with: /usr/bin/python3 " + generator);
    }
}
