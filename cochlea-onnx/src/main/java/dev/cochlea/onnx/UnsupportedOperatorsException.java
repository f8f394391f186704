package dev.cochlea.onnx;

import java.io.IOException;
import java.util.List;

/**
 * A model uses operators Cochlea does not run; thrown when the model is loaded, before anything
 * runs, listing every such node.
 *
 * <pre>{@code
 * try { OnnxModel.read(file); } catch (UnsupportedOperatorsException e) { e.unsupported(); } // ["NonMaxSuppression (node 'nms_1')"]
 * }</pre>
 */
public final class UnsupportedOperatorsException extends IOException {
    private final List<String> unsupported;

    UnsupportedOperatorsException(String file, List<String> unsupported) {
        super(file + ": " + unsupported.size() + " node" + (unsupported.size() == 1 ? " uses an operator" : "s use operators")
                + " Cochlea does not run: " + String.join(", ", unsupported));
        this.unsupported = List.copyOf(unsupported);
    }

    /** Each unsupported node as "OpType (node 'name')". */
    public List<String> unsupported() {
        return unsupported;
    }
}
