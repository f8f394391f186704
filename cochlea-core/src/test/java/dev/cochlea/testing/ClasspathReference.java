package dev.cochlea.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.io.Safetensors;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reference values kept in the repository ({@code src/test/resources/reference/STEM.json} +
 * {@code STEM.safetensors}, written by a script under {@code reference/}), read from the test
 * classpath, in the layout of {@code reference/make_kws_reference.py} (for the layout of
 * {@code make_golden.py}'s suites, see {@link Golden}). A missing or unreadable file <em>fails</em>
 * the test, naming the file and its generator: these files belong to the repository.
 *
 * <p>The JSON holds {@code generated_by} and a {@code cases} list; each case has a {@code name}, the
 * {@code call} that produced its numbers, {@code params} and {@code tensors}, a map from role
 * ({@code in.input}, {@code output}, {@code grad.weight}, {@code param.fc.bias}, ...) to a key of
 * the safetensors file. Every tensor accessor returns a fresh copy.
 *
 * <pre>{@code
 * ClasspathReference.Case c = ClasspathReference.load("kws").caseNamed("silu");
 * Tensor x = c.tensor("in.input").requiresGrad(true);
 * TensorAssert.assertClose(c.tensor("output"), F.silu(x), c.call());
 * }</pre>
 */
public final class ClasspathReference {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, ClasspathReference> CACHE = new ConcurrentHashMap<>();

    private final String stem;
    private final JsonNode json;
    private final Map<String, Tensor> tensors;
    private final Map<String, Case> cases = new LinkedHashMap<>();

    private ClasspathReference(String stem, JsonNode json, Map<String, Tensor> tensors) {
        this.stem = stem;
        this.json = json;
        this.tensors = tensors;
        JsonNode list = json.get("cases");
        if (list == null || !list.isArray()) throw new IllegalStateException(stem + ".json: expected a 'cases' array");
        for (JsonNode node : list) {
            Case c = new Case(node);
            if (cases.put(c.name(), c) != null) throw new IllegalStateException(stem + ".json: duplicate case " + c.name());
        }
    }

    /**
     * The suite {@code /reference/STEM.json} + {@code .safetensors} from the classpath; fails naming
     * the missing file and the script that writes it ({@link ReferenceFiles}).
     */
    public static ClasspathReference load(String stem) {
        return CACHE.computeIfAbsent(stem, s -> {
            Path tensorFile = ReferenceFiles.path(s + ".safetensors");
            try (InputStream in = ReferenceFiles.open(s + ".json")) {
                return new ClasspathReference(s, MAPPER.readTree(in), Collections.unmodifiableMap(Safetensors.load(tensorFile)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read reference suite " + s + " from " + ReferenceFiles.SOURCE_DIR, e);
            }
        });
    }

    /** What produced the values (the JSON's {@code generated_by}, e.g. {@code "torch 2.1.0"}). */
    public String generatedBy() {
        return json.path("generated_by").asText("");
    }

    /** The case named {@code name}; throws when there is none. */
    public Case caseNamed(String name) {
        Case c = cases.get(name);
        if (c == null) throw new IllegalArgumentException(stem + ".json: no case '" + name + "'; have " + cases.keySet());
        return c;
    }

    /** All cases, in file order. */
    public List<Case> cases() {
        return new ArrayList<>(cases.values());
    }

    /** One case: its torch call, parameters and tensors by role. */
    public final class Case {
        private final JsonNode node;

        Case(JsonNode node) {
            this.node = node;
        }

        /** The case's name. */
        public String name() {
            return node.path("name").asText();
        }

        /** The torch call that produced the numbers, for messages. */
        public String call() {
            return node.path("call").asText();
        }

        /** The parameters object. */
        public JsonNode params() {
            return node.path("params");
        }

        /** An int array parameter. */
        public int[] ints(String key) {
            JsonNode a = params().get(key);
            if (a == null || !a.isArray()) throw new IllegalArgumentException(name() + ": no int array parameter '" + key + "'");
            int[] r = new int[a.size()];
            for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
            return r;
        }

        /** The roles that have tensors, in file order. */
        public List<String> roles() {
            List<String> r = new ArrayList<>();
            node.path("tensors").fieldNames().forEachRemaining(r::add);
            return r;
        }

        /** Whether a tensor has this role. */
        public boolean has(String role) {
            return node.path("tensors").has(role);
        }

        /** A fresh copy of the tensor of {@code role}; throws when the case has none. */
        public Tensor tensor(String role) {
            JsonNode key = node.path("tensors").get(role);
            if (key == null) throw new IllegalArgumentException(name() + ": no tensor '" + role + "'; have " + roles());
            Tensor t = tensors.get(key.asText());
            if (t == null) throw new IllegalStateException(stem + ".safetensors: missing key " + key.asText());
            return t.detach().copy();
        }

        /** A label for assertion messages: the case name and its torch call. */
        public String what(String part) {
            return name() + " " + part + " (torch: " + call() + ")";
        }
    }
}
