package dev.cochlea.nn;

import dev.cochlea.tensor.Tensor;

import java.util.Iterator;
import java.util.List;

/**
 * A list of modules whose parameters are registered (names {@code "0"}, {@code "1"}, ...), like
 * {@code torch.nn.ModuleList}; it has no forward of its own, the owner decides how to use them.
 *
 * <pre>{@code
 * ModuleList blocks = registerModule("blocks", new ModuleList());
 * for (int i = 0; i < 4; i++) blocks.add(new Linear(64, 64));
 * for (Module b : blocks) x = b.forward(x).relu();   // x: [N, 64]
 * }</pre>
 */
public class ModuleList extends Module implements Iterable<Module> {
    private int count;

    /** A list holding {@code modules}. */
    public ModuleList(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** A list holding {@code modules}. */
    public ModuleList(List<? extends Module> modules) {
        for (Module m : modules) add(m);
    }

    /** Appends {@code module}; returns this. */
    public ModuleList add(Module module) {
        registerModule(Integer.toString(count++), module);
        return this;
    }

    /** Puts {@code module} in place of the one at {@code index} (negative counts from the end), under its name; returns this. */
    public ModuleList set(int index, Module module) {
        get(index);
        registerModule(Integer.toString(index < 0 ? index + count : index), module);
        return this;
    }

    /** The module at {@code index} (negative counts from the end). */
    public Module get(int index) {
        int i = index < 0 ? index + count : index;
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(getClass().getSimpleName() + ".get: index " + index + " is out of range for "
                    + count + " " + itemName());
        }
        return getModule(Integer.toString(i));
    }

    /** What the items are called in messages. */
    String itemName() {
        return "modules";
    }

    /** The number of modules. */
    public int size() {
        return count;
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }

    /** Always fails: a ModuleList is a container, not a layer. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("ModuleList has no forward; iterate over its modules instead");
    }
}
