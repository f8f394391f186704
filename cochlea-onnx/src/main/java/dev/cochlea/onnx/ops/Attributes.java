package dev.cochlea.onnx.ops;

import dev.cochlea.onnx.proto.OnnxProto;
import dev.cochlea.tensor.Tensor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's attributes by name, with ONNX's defaults supplied by the caller. Tensor-valued attributes
 * (Constant's {@code value}, ConstantOfShape's) arrive already read, since reading them may touch
 * external data next to the model.
 *
 * <pre>{@code
 * int group = (int) node.attributes().i("group", 1);
 * long[] pads = node.attributes().ints("pads");    // null when absent
 * }</pre>
 */
public final class Attributes {
    /** No attributes. */
    public static final Attributes NONE = new Attributes(List.of(), Map.of());

    private final Map<String, OnnxProto.AttributeProto> byName = new HashMap<>();
    private final Map<Object, Object> derived = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Tensor> tensors;

    /** The attributes {@code list}, with tensor values {@code tensors} read by name. */
    public Attributes(List<OnnxProto.AttributeProto> list, Map<String, Tensor> tensors) {
        for (OnnxProto.AttributeProto a : list) byName.put(a.getName(), a);
        this.tensors = Map.copyOf(tensors);
    }

    /**
     * A value an operator derives from these attributes (and from {@code key}'s other parts, such as an
     * input's shape), computed once per node and kept: options objects built on every run would cost
     * more than small layers do.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Object key, java.util.function.Function<Object, T> compute) {
        return (T) derived.computeIfAbsent(key, compute);
    }

    /** Whether attribute {@code name} is given. */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The names given. */
    public java.util.Set<String> names() {
        return byName.keySet();
    }

    /** Integer attribute {@code name}, or {@code def}. */
    public long i(String name, long def) {
        OnnxProto.AttributeProto a = byName.get(name);
        return a == null ? def : a.getI();
    }

    /** Float attribute {@code name}, or {@code def}. */
    public float f(String name, float def) {
        OnnxProto.AttributeProto a = byName.get(name);
        return a == null ? def : a.getF();
    }

    /** String attribute {@code name}, or {@code def}. */
    public String s(String name, String def) {
        OnnxProto.AttributeProto a = byName.get(name);
        return a == null ? def : a.getS().toStringUtf8();
    }

    /** Integer-list attribute {@code name}, or null. */
    public long[] ints(String name) {
        OnnxProto.AttributeProto a = byName.get(name);
        if (a == null) return null;
        long[] v = new long[a.getIntsCount()];
        for (int k = 0; k < v.length; k++) v[k] = a.getInts(k);
        return v;
    }

    /** Float-list attribute {@code name}, or null. */
    public float[] floats(String name) {
        OnnxProto.AttributeProto a = byName.get(name);
        if (a == null) return null;
        float[] v = new float[a.getFloatsCount()];
        for (int k = 0; k < v.length; k++) v[k] = a.getFloats(k);
        return v;
    }

    /** String-list attribute {@code name}, or null. */
    public List<String> strings(String name) {
        OnnxProto.AttributeProto a = byName.get(name);
        if (a == null) return null;
        return a.getStringsList().stream().map(com.google.protobuf.ByteString::toStringUtf8).toList();
    }

    /** Tensor attribute {@code name}, or null. */
    public Tensor tensor(String name) {
        return tensors.get(name);
    }
}
