package dev.cochlea.serve;

/**
 * A request the server refuses, with the HTTP status, a stable kind (the {@code error} field of the
 * JSON answer and the {@code kind} label of {@code cochlea_errors_total}) and a message naming what
 * was expected and what was found.
 *
 * <pre>{@code
 * throw new ApiError(413, "body_too_large", "the body holds more than 16777216 bytes (--max-body-bytes)");
 * }</pre>
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String kind;
    private final long retryAfterSeconds;

    /** A refusal with {@code status}, {@code kind} and {@code message}. */
    public ApiError(int status, String kind, String message) {
        this(status, kind, message, 0);
    }

    /** A refusal that tells the client to come back after {@code retryAfterSeconds} (503). */
    public ApiError(int status, String kind, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503: the server is draining. */
    public static ApiError shuttingDown() {
        return new ApiError(503, "shutting_down", "the server is shutting down", 1);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The machine-readable kind, e.g. {@code not_audio}. */
    public String kind() {
        return kind;
    }

    /** Seconds for a {@code Retry-After} header, 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
