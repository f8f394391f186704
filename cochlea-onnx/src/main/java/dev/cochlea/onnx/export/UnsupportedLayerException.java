package dev.cochlea.onnx.export;

/**
 * A model holds a layer that {@link OnnxExport} cannot write as ONNX: a layer type it has no
 * emitter for, or a configuration ONNX's operators cannot express (such as batch norm without
 * running statistics). The message names the layer's path in the model and its class.
 *
 * <pre>{@code
 * try { OnnxExport.of(model, 1, 40, 32).write(file); }
 * catch (UnsupportedLayerException e) { e.path(); e.layerType(); }   // "blocks.3.foo", "MyLayer"
 * }</pre>
 */
public final class UnsupportedLayerException extends IllegalArgumentException {
    private final String path;
    private final String layerType;

    UnsupportedLayerException(String path, String layerType, String reason) {
        super((path.isEmpty() ? "cannot export the model (" : "cannot export layer '" + path + "' (") + layerType + "): " + reason);
        this.path = path;
        this.layerType = layerType;
    }

    /** The layer's path in the model ({@code blocks.3.foo}; empty for the model itself). */
    public String path() {
        return path;
    }

    /** The layer's class (simple name). */
    public String layerType() {
        return layerType;
    }
}
