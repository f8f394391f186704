package dev.cochlea.onnx.export;

import dev.cochlea.nn.Module;

/**
 * Writes one kind of layer as ONNX nodes: given the layer, the value it is called on and its scope
 * (its path in the model, the graph, its children), it adds the nodes that compute what the
 * layer's {@code forward} computes in evaluation mode and returns the value they produce.
 *
 * <pre>{@code
 * LayerEmitter<ReLU> relu = (layer, x, s) -> s.node("Relu").in(x.name()).output(x.shape());
 * }</pre>
 *
 * @param <M> the layer class
 */
@FunctionalInterface
interface LayerEmitter<M extends Module> {
    ExportGraph.Value emit(M layer, ExportGraph.Value x, ExportScope s);
}
