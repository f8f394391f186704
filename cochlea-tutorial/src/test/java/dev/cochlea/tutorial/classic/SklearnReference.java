package dev.cochlea.tutorial.classic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * scikit-learn's numbers for the classic estimators: {@code /reference/sklearn.json} on the test
 * classpath, written by {@value #COMMAND} into {@value #FILE}. A missing file fails the test that
 * needs it, naming the file and the command; it is never skipped.
 *
 * <pre>{@code
 * JsonNode c = SklearnReference.caseNamed("lda_four_classes");
 * Tensor[] train = SklearnReference.train(c);           // {x [n, d] float, y [n] int64}
 * double[] ratio = SklearnReference.doubles(c.path("outputs").path("explained_variance_ratio"));
 * }</pre>
 */
final class SklearnReference {
    static final String FILE = "cochlea-tutorial/src/test/resources/reference/sklearn.json";
    static final String COMMAND = "/usr/bin/python3 reference/make_sklearn_reference.py";
    private static JsonNode root;

    private SklearnReference() {
    }

    /** The whole file; fails naming it and its generator when it is absent. */
    static synchronized JsonNode root() {
        if (root == null) {
            try (InputStream in = SklearnReference.class.getResourceAsStream("/reference/sklearn.json")) {
                if (in == null) {
                    throw new AssertionError("reference file " + FILE + " is missing: regenerate it from the repository root with "
                            + COMMAND + " (Debian's python3-sklearn)");
                }
                root = new ObjectMapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + FILE, e);
            }
        }
        return root;
    }

    /** The case {@code name}; fails when the file has none. */
    static JsonNode caseNamed(String name) {
        for (JsonNode c : root().path("cases")) if (name.equals(c.path("name").asText())) return c;
        throw new AssertionError(FILE + " has no case " + name + ": regenerate it with " + COMMAND);
    }

    /** The training set of a case: {x [n, d] float, y [n] int64}. */
    static Tensor[] train(JsonNode c) {
        JsonNode data = root().path("datasets").path(c.path("data").asText());
        return new Tensor[] {matrix(data.path("train_x")), longs(data.path("train_y"))};
    }

    /** The test set of a case: {x [m, d] float, y [m] int64}. */
    static Tensor[] test(JsonNode c) {
        JsonNode data = root().path("datasets").path(c.path("data").asText());
        return new Tensor[] {matrix(data.path("test_x")), longs(data.path("test_y"))};
    }

    /** A JSON matrix as a float tensor, each value read as a double and cast to float (as the generator intends). */
    static Tensor matrix(JsonNode rows) {
        int n = rows.size(), d = rows.get(0).size();
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) v[i * d + j] = (float) rows.get(i).get(j).asDouble();
        return Tensor.wrap(v, n, d);
    }

    /** A JSON list of integers as an int64 tensor. */
    static Tensor longs(JsonNode list) {
        long[] v = new long[list.size()];
        for (int i = 0; i < v.length; i++) v[i] = list.get(i).asLong();
        return Tensor.ofLongs(v, v.length);
    }

    /** A JSON list of numbers. */
    static double[] doubles(JsonNode list) {
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) v[i] = list.get(i).asDouble();
        return v;
    }

    /** A JSON matrix of numbers. */
    static double[][] rows(JsonNode rows) {
        double[][] v = new double[rows.size()][];
        for (int i = 0; i < v.length; i++) v[i] = doubles(rows.get(i));
        return v;
    }
}
