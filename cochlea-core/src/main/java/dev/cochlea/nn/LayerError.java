package dev.cochlea.nn;

/**
 * Puts the failing layer in front of an error's message, once: {@link Module#call} wraps what a
 * {@code forward} throws, and an error already wrapped by an inner layer passes outer layers
 * unchanged, so the message names the layer where it happened.
 *
 * <pre>{@code
 * new Conv2d(3, 8, 3).call(Tensor.zeros(1, 4, 9, 9));
 * // IllegalArgumentException: Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1)): conv2d: expected input[1, 4, 9, 9] to have 3 channels ...
 * }</pre>
 */
final class LayerError {
    private LayerError() {}

    /** An {@link IllegalArgumentException} that already names its layer. */
    static final class Argument extends IllegalArgumentException {
        Argument(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An {@link IllegalStateException} that already names its layer. */
    static final class State extends IllegalStateException {
        State(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * {@code e} with {@code layer}'s one-line description in front of its message (same kind:
     * argument or state errors; an index out of range becomes an argument error), or {@code e}
     * itself when an inner layer already named itself or it is another kind of error.
     */
    static RuntimeException wrap(Module layer, RuntimeException e) {
        if (e instanceof Argument || e instanceof State) return e;
        String msg = Repr.describe(layer) + ": " + e.getMessage();
        if (e instanceof IllegalArgumentException || e instanceof IndexOutOfBoundsException) return new Argument(msg, e);
        if (e instanceof IllegalStateException) return new State(msg, e);
        return e;
    }
}
