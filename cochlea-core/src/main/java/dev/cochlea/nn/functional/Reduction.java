package dev.cochlea.nn.functional;

import java.util.Locale;

/**
 * How a loss reduces its per-element values, PyTorch's {@code reduction='mean'|'sum'|'none'}:
 * {@link #MEAN} (the default: the mean, or the weighted mean where class weights apply),
 * {@link #SUM}, or {@link #NONE} (the per-element losses, unreduced). Every loss also takes the
 * PyTorch string, parsed by {@link #of(String)}.
 *
 * <pre>{@code
 * Tensor perSample = F.crossEntropy(logits, labels, Reduction.NONE);   // [N]
 * Tensor total = F.mseLoss(prediction, target, "sum");                 // the same as Reduction.SUM
 * Loss criterion = new CrossEntropyLoss(null, -100, 0.1, Reduction.MEAN);
 * }</pre>
 */
public enum Reduction {
    /** The per-element losses, with the shape of the target. */
    NONE,
    /** The mean of the per-element losses (weighted where the loss has class weights). */
    MEAN,
    /** The sum of the per-element losses. */
    SUM;

    /** PyTorch's name: {@code "none"}, {@code "mean"} or {@code "sum"}. */
    public String torchName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The reduction PyTorch names {@code name}.
     *
     * <pre>{@code
     * Reduction.of("sum");   // SUM
     * }</pre>
     *
     * @throws IllegalArgumentException naming the valid names when {@code name} is none of them
     */
    public static Reduction of(String name) {
        if (name != null) {
            for (Reduction r : values()) if (r.torchName().equals(name)) return r;
        }
        throw new IllegalArgumentException("reduction must be 'mean', 'sum' or 'none', found "
                + (name == null ? "null" : "'" + name + "'"));
    }

    /** {@code r} itself; fails naming {@code op} when it is null. */
    static Reduction require(String op, Reduction r) {
        if (r == null) throw new IllegalArgumentException(op + ": reduction must be MEAN, SUM or NONE, found null");
        return r;
    }

    /** {@link #of(String)} with the op's name in front of the error. */
    static Reduction parse(String op, String name) {
        try {
            return of(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage());
        }
    }
}
