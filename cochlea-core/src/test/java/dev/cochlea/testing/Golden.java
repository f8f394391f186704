package dev.cochlea.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.io.Safetensors;
import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reference values computed by PyTorch and torchaudio, for parity tests: {@code nn.json} +
 * {@code nn.safetensors} and {@code audio.json} + {@code audio.safetensors} in
 * {@code cochlea-core/src/test/resources/reference/}, written by {@code reference/make_golden.py}
 * and read from the test classpath. A suite pairs a JSON list of cases with a safetensors file of
 * tensors; both are read once per JVM and cached. Every tensor accessor returns a fresh copy, so
 * tests may mutate what they get (e.g. {@code requiresGrad(true)}). Each case names the PyTorch call
 * that produced its numbers ({@link Case#call()}).
 *
 * <p>A missing file fails the test that asks for the suite (see {@link ReferenceFiles}); nothing is
 * skipped.
 *
 * <pre>{@code
 * @Test // F.linear(input, weight, bias)
 * void linearMatchesPyTorch() {
 *     Golden.Case c = Golden.nn().caseNamed("linear");
 *     Tensor x = c.input("input"), w = c.input("weight").requiresGrad(true), b = c.input("bias");
 *     Tensor y = F.linear(x, w, b);
 *     TensorAssert.assertClose(c.output(0), y, 1e-4, 1e-5, c.name() + " output");
 *     y.backward(c.gradOutput());
 *     TensorAssert.assertClose(c.grad("weight"), w.grad(), 1e-4, 1e-5, c.name() + " grad weight");
 * }
 * }</pre>
 */
public final class Golden {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, Golden> CACHE = new ConcurrentHashMap<>();

    private final String suite;
    private final JsonNode json;
    private final Map<String, Tensor> tensors;
    private final List<Case> cases;
    private final Map<String, Case> byName;

    private Golden(String suite, JsonNode json, Map<String, Tensor> tensors) {
        this.suite = suite;
        this.json = json;
        this.tensors = tensors;
        JsonNode list = json.get("cases");
        if (list == null || !list.isArray()) {
            throw new IllegalStateException(suite + ".json: expected a 'cases' array");
        }
        List<Case> cs = new ArrayList<>();
        Map<String, Case> names = new LinkedHashMap<>();
        for (JsonNode node : list) {
            Case c = new Case(this, node);
            cs.add(c);
            if (names.put(c.name(), c) != null) throw new IllegalStateException(suite + ".json: duplicate case " + c.name());
        }
        this.cases = Collections.unmodifiableList(cs);
        this.byName = Collections.unmodifiableMap(names);
    }

    // ------------------------------------------------------------------ loading

    /** The PyTorch nn suite ({@code nn.json} + {@code nn.safetensors}). */
    public static Golden nn() {
        return suite("nn");
    }

    /** The torchaudio suite ({@code audio.json} + {@code audio.safetensors}). */
    public static Golden audio() {
        return suite("audio");
    }

    /**
     * The suite {@code STEM.json} + {@code STEM.safetensors} from the test classpath's
     * {@code /reference/}; fails naming the missing file and its generator.
     */
    public static Golden suite(String stem) {
        return CACHE.computeIfAbsent(stem, s -> {
            Path tensorFile = ReferenceFiles.path(s + ".safetensors");
            try (InputStream in = ReferenceFiles.open(s + ".json")) {
                return new Golden(s, MAPPER.readTree(in), Collections.unmodifiableMap(Safetensors.load(tensorFile)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read reference suite " + s + " from " + ReferenceFiles.SOURCE_DIR, e);
            }
        });
    }

    // ------------------------------------------------------------------ suite

    /** The suite's name ({@code "nn"}, {@code "audio"}). */
    public String name() {
        return suite;
    }

    /** Library versions that produced the values (the JSON's {@code generated_by}). */
    public String generatedBy() {
        return json.path("generated_by").asText("");
    }

    /** The command that wrote the files (the JSON's {@code command}). */
    public String command() {
        return json.path("command").asText("");
    }

    /** The JSON's {@code note}. */
    public String note() {
        return json.path("note").asText("");
    }

    /** The whole JSON document. */
    public JsonNode json() {
        return json;
    }

    /** All cases, in file order. */
    public List<Case> cases() {
        return cases;
    }

    /** The cases whose {@code op} is {@code op}. */
    public List<Case> casesWithOp(String op) {
        return cases.stream().filter(c -> c.op().equals(op)).toList();
    }

    /** The case named {@code name}; fails with the list of names if there is none. */
    public Case caseNamed(String name) {
        Case c = byName.get(name);
        if (c == null) {
            throw new IllegalArgumentException(suite + ": no case named '" + name + "'; cases: " + String.join(", ", byName.keySet()));
        }
        return c;
    }

    /** Whether the suite's safetensors file holds {@code key}. */
    public boolean hasTensor(String key) {
        return tensors.containsKey(key);
    }

    /** All keys of the suite's safetensors file, in file order. */
    public Set<String> tensorKeys() {
        return tensors.keySet();
    }

    /** A fresh copy of the tensor stored under {@code key}. */
    public Tensor tensor(String key) {
        Tensor t = tensors.get(key);
        if (t == null) throw new IllegalArgumentException(suite + ".safetensors: no tensor '" + key + "'");
        return copy(t);
    }

    private static Tensor copy(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? Tensor.of(t.toFloatArray(), t.shape()) : Tensor.ofLongs(t.toLongArray(), t.shape());
    }

    @Override
    public String toString() {
        return "Golden[" + suite + ", " + cases.size() + " cases, " + generatedBy() + "]";
    }

    // ------------------------------------------------------------------ case

    /**
     * One reference case: an op, its parameters, and named inputs, outputs and (for
     * differentiable cases) the upstream gradient and the gradients of the inputs. Role lists in
     * the JSON may be objects ({@code name -> key}) or arrays of keys (named {@code "0"},
     * {@code "1"}, ...); either way tensors are available by position and by name (or key).
     *
     * <pre>{@code
     * Golden.Case c = Golden.nn().caseNamed("conv2d_basic");
     * int[] stride = c.intsParam("stride");
     * Tensor y = F.conv2d(c.input("input"), c.input("weight"), c.input("bias"), stride, ...);
     * TensorAssert.assertClose(c.output(), y, 1e-4, 1e-5, c.name());
     * }</pre>
     */
    public static final class Case {
        private final Golden suite;
        private final JsonNode node;
        private final String name;
        private final String op;
        private final Map<String, String> inputs;
        private final Map<String, String> outputs;
        private final Map<String, String> gradOutputs;
        private final Map<String, String> grads;

        Case(Golden suite, JsonNode node) {
            this.suite = suite;
            this.node = node;
            this.name = node.path("name").asText(null);
            if (name == null) throw new IllegalStateException(suite.suite + ".json: a case without 'name': " + node);
            this.op = node.path("op").asText("");
            this.inputs = roles(node.get("inputs"), "inputs");
            this.outputs = roles(node.get("outputs"), "outputs");
            this.gradOutputs = roles(node.get("grad_output"), "grad_output");
            this.grads = roles(node.get("grads"), "grads");
        }

        private Map<String, String> roles(JsonNode n, String field) {
            Map<String, String> m = new LinkedHashMap<>();
            if (n == null || n.isNull()) return Collections.unmodifiableMap(m);
            if (n.isTextual()) {
                m.put("0", n.asText());
            } else if (n.isArray()) {
                for (int i = 0; i < n.size(); i++) m.put(Integer.toString(i), text(n.get(i), field));
            } else if (n.isObject()) {
                for (Map.Entry<String, JsonNode> e : n.properties()) m.put(e.getKey(), text(e.getValue(), field));
            } else {
                throw new IllegalStateException(where() + ": '" + field + "' must be a key, a list of keys or an object, found " + n);
            }
            return Collections.unmodifiableMap(m);
        }

        private String text(JsonNode n, String field) {
            if (!n.isTextual()) throw new IllegalStateException(where() + ": '" + field + "' holds a non-string key " + n);
            return n.asText();
        }

        private String where() {
            return suite.suite + " case '" + name + "'";
        }

        /** The case's name, unique in its suite. */
        public String name() {
            return name;
        }

        /** The operation, e.g. {@code "conv2d"}, {@code "mel"}, {@code "train:adam"}. */
        public String op() {
            return op;
        }

        /** The PyTorch call that produced the case's numbers, e.g. {@code "F.conv2d(input, weight, bias, stride=[2, 1], ...)"}. */
        public String call() {
            return node.path("call").asText("");
        }

        /** A label for test names and messages: the case's name and its PyTorch call. */
        public String label() {
            String call = call();
            return call.isEmpty() ? name : name + ": " + call;
        }

        /** The suite this case belongs to. */
        public Golden suite() {
            return suite;
        }

        /** The case's JSON. */
        public JsonNode json() {
            return node;
        }

        // -------------------------------------------------------------- parameters

        /** The {@code params} object (an empty object node if absent). */
        public JsonNode params() {
            JsonNode p = node.get("params");
            return p == null ? MAPPER.createObjectNode() : p;
        }

        /** The parameters as plain Java values (Integer/Long/Double/String/Boolean/List/Map/null). */
        @SuppressWarnings("unchecked")
        public Map<String, Object> paramMap() {
            return MAPPER.convertValue(params(), Map.class);
        }

        /** Whether parameter {@code key} is present (even if null). */
        public boolean hasParam(String key) {
            return params().has(key);
        }

        /** Parameter {@code key}; fails naming the case if absent. */
        public JsonNode param(String key) {
            JsonNode v = params().get(key);
            if (v == null) {
                List<String> keys = new ArrayList<>();
                params().fieldNames().forEachRemaining(keys::add);
                throw new IllegalArgumentException(where() + ": no parameter '" + key + "'; parameters: " + keys);
            }
            return v;
        }

        /** An integer parameter. */
        public int intParam(String key) {
            JsonNode v = param(key);
            if (!v.canConvertToInt() || !v.isNumber()) throw new IllegalArgumentException(where() + ": parameter '" + key + "' is not an int: " + v);
            return v.intValue();
        }

        /** A numeric parameter. */
        public double doubleParam(String key) {
            JsonNode v = param(key);
            if (!v.isNumber()) throw new IllegalArgumentException(where() + ": parameter '" + key + "' is not a number: " + v);
            return v.doubleValue();
        }

        /** A boolean parameter. */
        public boolean boolParam(String key) {
            JsonNode v = param(key);
            if (!v.isBoolean()) throw new IllegalArgumentException(where() + ": parameter '" + key + "' is not a boolean: " + v);
            return v.booleanValue();
        }

        /** A string parameter, or {@code null} if the JSON value is null. */
        public String stringParam(String key) {
            JsonNode v = param(key);
            if (v.isNull()) return null;
            if (!v.isTextual()) throw new IllegalArgumentException(where() + ": parameter '" + key + "' is not a string: " + v);
            return v.asText();
        }

        /** An int-list parameter; a single int gives a one-element array. */
        public int[] intsParam(String key) {
            JsonNode v = param(key);
            if (v.isIntegralNumber()) return new int[] {v.intValue()};
            if (!v.isArray()) throw new IllegalArgumentException(where() + ": parameter '" + key + "' is not a list of ints: " + v);
            int[] out = new int[v.size()];
            for (int i = 0; i < out.length; i++) {
                if (!v.get(i).isIntegralNumber()) {
                    throw new IllegalArgumentException(where() + ": parameter '" + key + "' is not a list of ints: " + v);
                }
                out[i] = v.get(i).intValue();
            }
            return out;
        }

        /** A number-list parameter; a single number gives a one-element array. */
        public double[] doublesParam(String key) {
            JsonNode v = param(key);
            if (v.isNumber()) return new double[] {v.doubleValue()};
            if (!v.isArray()) throw new IllegalArgumentException(where() + ": parameter '" + key + "' is not a list of numbers: " + v);
            double[] out = new double[v.size()];
            for (int i = 0; i < out.length; i++) out[i] = v.get(i).doubleValue();
            return out;
        }

        // -------------------------------------------------------------- tensors

        /** Input names in order (object keys, or "0", "1", ... for lists). */
        public List<String> inputNames() {
            return List.copyOf(inputs.keySet());
        }

        /** Safetensors keys of the inputs, in order. */
        public List<String> inputKeys() {
            return List.copyOf(inputs.values());
        }

        /** Input {@code i} (fresh copy). */
        public Tensor input(int i) {
            return byIndex(inputs, i, "input");
        }

        /** Input named {@code name} (or stored under that key). */
        public Tensor input(String name) {
            return byName(inputs, name, "input");
        }

        /** Whether the case has an input named {@code name}. */
        public boolean hasInput(String name) {
            return inputs.containsKey(name);
        }

        /** All inputs in order. */
        public List<Tensor> inputs() {
            return all(inputs);
        }

        /** All inputs by name, in order. */
        public Map<String, Tensor> inputMap() {
            return map(inputs);
        }

        /** Output names in order. */
        public List<String> outputNames() {
            return List.copyOf(outputs.keySet());
        }

        /** Safetensors keys of the outputs, in order. */
        public List<String> outputKeys() {
            return List.copyOf(outputs.values());
        }

        /** The first (usually only) output. */
        public Tensor output() {
            return byIndex(outputs, 0, "output");
        }

        /** Output {@code i}. */
        public Tensor output(int i) {
            return byIndex(outputs, i, "output");
        }

        /** Output named {@code name} (or stored under that key). */
        public Tensor output(String name) {
            return byName(outputs, name, "output");
        }

        /** All outputs in order. */
        public List<Tensor> outputs() {
            return all(outputs);
        }

        /** All outputs by name, in order. */
        public Map<String, Tensor> outputMap() {
            return map(outputs);
        }

        /** Whether the case records a backward pass ({@code grad_output} and {@code grads}). */
        public boolean hasGrads() {
            return !gradOutputs.isEmpty();
        }

        /** The upstream gradient fed to backward (the first, if the JSON lists several). */
        public Tensor gradOutput() {
            return byIndex(gradOutputs, 0, "grad_output");
        }

        /** Safetensors key of the upstream gradient, or {@code null} if the case has none. */
        public String gradOutputKey() {
            return gradOutputs.isEmpty() ? null : gradOutputs.values().iterator().next();
        }

        /** Names of the gradients (the inputs they belong to), in order. */
        public List<String> gradNames() {
            return List.copyOf(grads.keySet());
        }

        /** Safetensors keys of the gradients, in order. */
        public List<String> gradKeys() {
            return List.copyOf(grads.values());
        }

        /** Gradient {@code i}. */
        public Tensor grad(int i) {
            return byIndex(grads, i, "grad");
        }

        /** The gradient of input {@code name}. */
        public Tensor grad(String name) {
            return byName(grads, name, "grad");
        }

        /** Whether the case records the gradient of input {@code name}. */
        public boolean hasGrad(String name) {
            return grads.containsKey(name);
        }

        /** All gradients in order. */
        public List<Tensor> grads() {
            return all(grads);
        }

        /** All gradients by input name, in order. */
        public Map<String, Tensor> gradMap() {
            return map(grads);
        }

        /** Every safetensors key the case refers to, without repeats. */
        public Set<String> keys() {
            Set<String> s = new LinkedHashSet<>();
            s.addAll(inputs.values());
            s.addAll(outputs.values());
            s.addAll(gradOutputs.values());
            s.addAll(grads.values());
            return s;
        }

        /**
         * The tensor stored under {@code key} in the suite, or under {@code NAME.key} where NAME
         * is this case's name (so {@code tensor("in.input")} works too).
         */
        public Tensor tensor(String key) {
            if (suite.hasTensor(key)) return suite.tensor(key);
            String scoped = name + "." + key;
            if (suite.hasTensor(scoped)) return suite.tensor(scoped);
            throw new IllegalArgumentException(where() + ": no tensor '" + key + "' or '" + scoped + "' in " + suite.suite
                    + ".safetensors");
        }

        private Tensor byIndex(Map<String, String> roles, int i, String role) {
            if (i < 0 || i >= roles.size()) {
                throw new IndexOutOfBoundsException(where() + ": no " + role + " #" + i + "; it has " + roles.size()
                        + (roles.isEmpty() ? "" : ": " + roles.keySet()));
            }
            return suite.tensor(new ArrayList<>(roles.values()).get(i));
        }

        private Tensor byName(Map<String, String> roles, String n, String role) {
            String key = roles.get(n);
            if (key == null && roles.containsValue(n)) key = n;
            if (key == null) {
                throw new IllegalArgumentException(where() + ": no " + role + " named '" + n + "'; " + role + "s: " + roles.keySet());
            }
            return suite.tensor(key);
        }

        private List<Tensor> all(Map<String, String> roles) {
            return roles.values().stream().map(suite::tensor).collect(Collectors.toList());
        }

        private Map<String, Tensor> map(Map<String, String> roles) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            roles.forEach((k, v) -> m.put(k, suite.tensor(v)));
            return m;
        }

        @Override
        public String toString() {
            return suite.suite + "/" + name + " (" + op + ")";
        }
    }
}
