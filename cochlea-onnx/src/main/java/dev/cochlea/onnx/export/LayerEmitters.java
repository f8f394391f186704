package dev.cochlea.onnx.export;

import dev.cochlea.nn.Module;
import dev.cochlea.onnx.export.ExportGraph.Value;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The emitters {@link OnnxExport} knows, by exact layer class: the plain layers
 * ({@link BasicEmitters}), convolutions and pools ({@link ConvEmitters}), normalisations
 * ({@link NormEmitters}), recurrent layers ({@link RecurrentEmitters}) and the built-in models
 * whose forward wires their children ({@link ModelEmitters}). A subclass is not taken for its
 * parent, since it may compute something else; a layer without an emitter is an
 * {@link UnsupportedLayerException} naming its path.
 *
 * <pre>{@code
 * Value y = LayerEmitters.emit(model, x, scope);
 * }</pre>
 */
final class LayerEmitters {
    /** Emitters by layer class, filled by each family's {@code register}. */
    static final class Registry {
        private final Map<Class<?>, LayerEmitter<?>> byClass = new HashMap<>();

        <M extends Module> void put(Class<M> type, LayerEmitter<M> emitter) {
            if (byClass.put(type, emitter) != null) throw new IllegalStateException("two emitters for " + type.getName());
        }
    }

    private static final Map<Class<?>, LayerEmitter<?>> EMITTERS = build();

    private LayerEmitters() {}

    private static Map<Class<?>, LayerEmitter<?>> build() {
        Registry r = new Registry();
        BasicEmitters.register(r);
        ConvEmitters.register(r);
        NormEmitters.register(r);
        RecurrentEmitters.register(r);
        ModelEmitters.register(r);
        return Collections.unmodifiableMap(r.byClass);
    }

    /** Emits {@code layer} (the layer of scope {@code s}) on {@code x}. */
    @SuppressWarnings("unchecked")
    static Value emit(Module layer, Value x, ExportScope s) {
        LayerEmitter<Module> e = (LayerEmitter<Module>) EMITTERS.get(layer.getClass());
        if (e == null) {
            throw s.unsupported("there is no ONNX emitter for this layer type (layers that export: " + String.join(", ", supported()) + ")");
        }
        return e.emit(layer, x, s);
    }

    /** The simple names of the layer classes that export, sorted. */
    static Set<String> supported() {
        Set<String> names = new TreeSet<>();
        for (Class<?> c : EMITTERS.keySet()) names.add(c.getSimpleName());
        return names;
    }
}
