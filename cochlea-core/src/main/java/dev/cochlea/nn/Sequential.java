package dev.cochlea.nn;

import dev.cochlea.tensor.Tensor;

import java.util.List;

/**
 * A chain of modules applied in order, like {@code torch.nn.Sequential}; the children are named
 * {@code "0"}, {@code "1"}, ... so state-dict keys match PyTorch ({@code 0.weight}).
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *         new Conv2d(3, 32, 5, Conv2d.options().padding(2)), new MaxPool2d(2),   // [N, 3, 32, 32] -> [N, 32, 16, 16]
 *         new Flatten(), new Linear(32 * 16 * 16, 10));                         // -> [N, 10]
 * Tensor logits = model.forward(Tensor.zeros(8, 3, 32, 32));
 * }</pre>
 */
public class Sequential extends ModuleList {

    /** A chain of {@code layers}. */
    public Sequential(Module... layers) {
        super(layers);
    }

    /** A chain of {@code layers}. */
    public Sequential(List<? extends Module> layers) {
        super(layers);
    }

    /** Appends {@code layer} under the next index; returns this. */
    @Override
    public Sequential add(Module layer) {
        super.add(layer);
        return this;
    }

    @Override
    String itemName() {
        return "layers";
    }

    /** Feeds {@code x} through every layer in turn. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Module m : children()) h = m.call(h);
        return h;
    }
}
