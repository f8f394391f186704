package dev.cochlea.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file that cannot be read or written: it is truncated, its JSON header is
 * malformed, a tensor's offsets do not fit its shape and dtype, or it uses a dtype Cochlea does
 * not read. The message always names the file and the problem.
 *
 * <pre>{@code
 * try {
 *     Map<String, Tensor> weights = Safetensors.load(Path.of("model.safetensors"));
 * } catch (SafetensorsException e) {
 *     System.err.println(e.getMessage()); // "model.safetensors: tensor 'fc.weight' ..."
 *     Path bad = e.file();
 * }
 * }</pre>
 */
public class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** An error about {@code file}; the message is prefixed with the file's path. */
    public SafetensorsException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** An error about {@code file} caused by {@code cause}. */
    public SafetensorsException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file the error is about. */
    public Path file() {
        return file;
    }
}
