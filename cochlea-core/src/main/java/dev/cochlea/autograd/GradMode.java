package dev.cochlea.autograd;

/**
 * Whether operations record the graph on this thread (like {@code torch.is_grad_enabled()}).
 * Use {@link NoGrad} to switch recording off for a block.
 *
 * <pre>{@code
 * if (GradMode.isEnabled()) { ... }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** Whether new operations record backward nodes on this thread. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Sets recording on or off for this thread; returns the previous value. */
    public static boolean setEnabled(boolean enabled) {
        boolean[] cell = ENABLED.get();
        boolean old = cell[0];
        cell[0] = enabled;
        return old;
    }
}
