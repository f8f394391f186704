package dev.cochlea.codecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The encoded files and libsndfile's reading of them, under
 * {@code cochlea-codecs/src/test/resources/reference/codecs/}, written by
 * {@value #GENERATOR}. A missing file fails the test that needs it, naming the command that
 * regenerates it; nothing is skipped.
 */
final class CodecReferences {
    static final String GENERATOR = "/usr/bin/python3 reference/make_codec_reference.py";

    private CodecReferences() {
    }

    /** The file {@code name} of the reference folder, as a path. */
    static Path path(String name) {
        URL url = CodecReferences.class.getResource("/reference/codecs/" + name);
        if (url == null) {
            throw new AssertionError("reference file cochlea-codecs/src/test/resources/reference/codecs/" + name
                    + " is missing; regenerate it with " + GENERATOR);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** codecs.json: the cases and what produced them. */
    static JsonNode index() {
        try (InputStream in = path("codecs.json").toUri().toURL().openStream()) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The float32 values of {@code <file>.f32.gz}: head, tail and range blocks, interleaved. */
    static float[] samples(String file) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(path(file + ".f32.gz").toUri().toURL().openStream()))) {
            byte[] all = in.readAllBytes();
            float[] out = new float[all.length / 4];
            ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
