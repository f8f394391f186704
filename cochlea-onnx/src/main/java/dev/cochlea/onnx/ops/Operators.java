package dev.cochlea.onnx.ops;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ONNX operators Cochlea runs (default domain), by type.
 *
 * <pre>{@code
 * Operators.supports("Conv");      // true
 * Operators.supported();           // [Abs, Add, ArgMax, AveragePool, BatchNormalization, ...]
 * }</pre>
 */
public final class Operators {
    private static final Map<String, Operator> OPS = build();

    private Operators() {}

    private static Map<String, Operator> build() {
        Map<String, Operator> ops = new HashMap<>();
        Elementwise.register(ops);
        Activations.register(ops);
        Linear.register(ops);
        Convolutions.register(ops);
        Pools.register(ops);
        Normalizations.register(ops);
        Reductions.register(ops);
        Shapes.register(ops);
        Recurrent.register(ops);
        Constants.register(ops);
        return Collections.unmodifiableMap(ops);
    }

    /** Whether operator {@code opType} of the default domain runs. */
    public static boolean supports(String opType) {
        return OPS.containsKey(opType);
    }

    /** The operator {@code opType}, or null. */
    public static Operator find(String opType) {
        return OPS.get(opType);
    }

    /** Every supported operator type, sorted. */
    public static Set<String> supported() {
        return Collections.unmodifiableSet(new TreeSet<>(OPS.keySet()));
    }
}
