package dev.cochlea.train;

/**
 * A keyword heard by a {@link StreamingClassifier}.
 *
 * <pre>{@code
 * for (Detection d : stream.accept(chunk, 0, chunk.length)) System.out.printf("%.2f s  %s  %.2f%n", d.time(), d.label(), d.score());
 * }</pre>
 *
 * @param label the class
 * @param score its probability, averaged over the evaluations of the averaging window
 * @param time  when it was decided, seconds since the stream began (the end of the audio it had heard)
 * @param start where the audio it was decided on begins, seconds since the stream began
 */
public record Detection(String label, float score, double time, double start) {
}
