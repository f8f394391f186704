package dev.cochlea.nn;

import dev.cochlea.tensor.Tensor;

import java.util.Iterator;
import java.util.List;

/**
 * A chain of modules applied in order, like {@code torch.nn.Sequential}; the children are named
 * {@code "0"}, {@code "1"}, ... so state-dict keys match PyTorch ({@code 0.weight}).
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *         new Conv2d(3, 32, 5, 1, 2), new MaxPool2d(2),   // [N, 3, 32, 32] -> [N, 32, 16, 16]
 *         new Flatten(), new Linear(32 * 16 * 16, 10));    // -> [N, 10]
 * Tensor logits = model.forward(Tensor.zeros(8, 3, 32, 32));
 * }</pre>
 */
public class Sequential extends Module implements Iterable<Module> {
    private int count;

    /** A chain of {@code layers}. */
    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    /** A chain of {@code layers}. */
    public Sequential(List<? extends Module> layers) {
        for (Module m : layers) add(m);
    }

    /** Appends {@code layer} under the next index; returns this. */
    public Sequential add(Module layer) {
        registerModule(Integer.toString(count++), layer);
        return this;
    }

    /** The layer at {@code index} (negative counts from the end). */
    public Module get(int index) {
        int i = index < 0 ? index + count : index;
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("Sequential.get: index " + index + " is out of range for " + count + " layers");
        }
        return getModule(Integer.toString(i));
    }

    /** The number of layers. */
    public int size() {
        return count;
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }

    /** Feeds {@code x} through every layer in turn. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Module m : children()) h = m.call(h);
        return h;
    }
}
