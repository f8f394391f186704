package dev.cochlea.onnx.ops;

import dev.cochlea.tensor.Tensor;

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
        Extras.register(ops);
        Resizing.register(ops);
        Losses.register(ops);
        Spectral.register(ops);
        Indexed.register(ops);
        Quantization.register(ops);
        Einsum.register(ops);
        return Collections.unmodifiableMap(ops);
    }

    /** {@code Mul(x, Sigmoid(x))} in one pass ({@code F.silu}), for a graph that finds that pattern: its one input is x. */
    public static Operator fusedSilu() {
        return n -> new Tensor[] {dev.cochlea.nn.functional.F.silu(n.input(0))};
    }

    /** Whether operator {@code opType} of the default domain runs. */
    public static boolean supports(String opType) {
        return OPS.containsKey(opType);
    }

    /**
     * Why a node of {@code opType} with these attributes and inputs cannot run even though the
     * operator can (a training mode, an element type not produced), or null when it can.
     */
    public static String refusal(String opType, Attributes a) {
        return switch (opType) {
            case "BatchNormalization" -> a.i("training_mode", 0) != 0 ? "training_mode 1 (inference only)" : null;
            case "Cast" -> switch ((int) a.i("to", 1)) {
                case 8, 10, 14, 15, 16 -> "casts to an element type not run (strings, 16-bit floats, complex)";
                default -> null;
            };
            default -> null;
        };
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
