package dev.cochlea.tutorial;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * One runnable chapter of the course: a short program that follows one slide topic and prints what
 * the slide's exercise prints (values, shapes, sizes). Chapters read the spoken digits from
 * {@code ../shared/data/fsdd} when it is there and use synthesised sounds otherwise, and write
 * TensorBoard logs or pictures under {@link Context#outDir()} where the slide does.
 *
 * <pre>{@code
 * Chapter c = Chapters.find("perceptron");
 * c.run(new Chapter.Context(System.out, Path.of("runs/tutorial"), false, 0));
 * }</pre>
 */
public interface Chapter {
    /**
     * Where a chapter writes and how much work it does.
     *
     * @param out    where the chapter prints
     * @param outDir the folder for TensorBoard logs and pictures (created when needed)
     * @param quick  whether to use small data and few steps (tests)
     * @param seed   the random seed
     */
    record Context(PrintStream out, Path outDir, boolean quick, long seed) {
    }

    /** The chapter number, as in the course outline. */
    int number();

    /** A short name to run it by, e.g. {@code perceptron}. */
    String name();

    /** The English title. */
    String title();

    /** The slide it follows, with its Chinese title. */
    String slide();

    /** Runs the chapter; returns its key results by name (for tests). */
    java.util.Map<String, Object> run(Context context) throws Exception;
}
