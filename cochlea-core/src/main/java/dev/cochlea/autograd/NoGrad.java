package dev.cochlea.autograd;

/**
 * A scope in which no graph is recorded, for inference and parameter updates
 * (like {@code with torch.no_grad():}).
 *
 * <pre>{@code
 * try (NoGrad ignored = NoGrad.enter()) {
 *     Tensor y = model.forward(x);   // y.requiresGrad() == false
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad(boolean enabled) {
        this.previous = GradMode.setEnabled(enabled);
    }

    /** Switches recording off until {@link #close()}. */
    public static NoGrad enter() {
        return new NoGrad(false);
    }

    /** Switches recording on until {@link #close()} (like {@code torch.enable_grad()}). */
    public static NoGrad enableGrad() {
        return new NoGrad(true);
    }

    /** Restores the previous mode. */
    @Override
    public void close() {
        GradMode.setEnabled(previous);
    }
}
