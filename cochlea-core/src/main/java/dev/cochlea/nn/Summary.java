package dev.cochlea.nn;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the torchinfo-style table printed by {@link Module#summary(int...)}: one row per module
 * reached by a forward pass over zeros, with its output shape and its own parameter count.
 *
 * <pre>{@code
 * System.out.println(model.summary(64, 3, 32, 32));
 * // Layer (type:depth-idx)   Output Shape       Param #
 * // Sequential               [64, 10]           --
 * // ├─Conv2d: 1-1            [64, 32, 32, 32]   2,432
 * // ...
 * // Total params: 145,578
 * }</pre>
 */
final class Summary {
    private static final int W1 = 40, W2 = 26, W3 = 15;

    private Summary() {}

    static String of(Module root, int... inputShape) {
        Map<Module, int[]> outShapes = new IdentityHashMap<>();
        List<Module.HookHandle> handles = new ArrayList<>();
        for (Module m : root.modules()) {
            handles.add(m.registerForwardHook((mod, in, out) -> outShapes.putIfAbsent(mod, out.shape())));
        }
        boolean wasTraining = root.isTraining();
        try (NoGrad ignored = NoGrad.enter()) {
            root.eval();
            root.call(Tensor.zeros(inputShape));
        } finally {
            root.train(wasTraining);
            for (Module.HookHandle h : handles) h.remove();
        }
        String rule = "=".repeat(W1 + W2 + W3 + 9);
        StringBuilder sb = new StringBuilder();
        sb.append(rule).append('\n');
        sb.append(pad("Layer (type:depth-idx)", W1)).append(pad("Output Shape", W2)).append(pad("Param #", W3)).append('\n');
        sb.append(rule).append('\n');
        row(sb, root, 0, "", outShapes);
        sb.append(rule).append('\n');
        long total = root.parameterCount();
        long trainable = root.trainableParameterCount();
        sb.append("Total params: ").append(fmt(total)).append('\n');
        sb.append("Trainable params: ").append(fmt(trainable)).append('\n');
        sb.append("Non-trainable params: ").append(fmt(total - trainable)).append('\n');
        sb.append(rule).append('\n');
        sb.append("Input size: ").append(Module.shapeStr(inputShape)).append('\n');
        sb.append(rule).append('\n');
        return sb.toString();
    }

    private static void row(StringBuilder sb, Module m, int depth, String idx, Map<Module, int[]> outShapes) {
        String label = depth == 0 ? m.name() : "│ ".repeat(depth - 1) + "├─" + m.name() + ": " + depth + "-" + idx;
        int[] shape = outShapes.get(m);
        long own = 0;
        boolean hasOwn = false;
        for (Tensor p : m.ownParameters()) {
            own += p.numel();
            hasOwn = true;
        }
        boolean leaf = m.children().isEmpty();
        String params = leaf || hasOwn ? (hasOwn ? fmt(own) : "--") : "--";
        sb.append(pad(label, W1)).append(pad(shape == null ? "--" : Module.shapeStr(shape), W2)).append(pad(params, W3))
                .append('\n');
        int i = 1;
        for (Module c : m.children()) {
            row(sb, c, depth + 1, Integer.toString(i++), outShapes);
        }
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }

    static String fmt(long n) {
        return String.format("%,d", n);
    }
}
