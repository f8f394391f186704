package dev.cochlea.train;

import java.util.List;

/**
 * What a {@link Classifier} says about one recording: the most likely label, its probability, and
 * the labels ranked by probability. With a threshold set ({@link Classifier#withThreshold}) a
 * recording whose best probability falls below it is not accepted: its label is {@link #UNKNOWN}
 * (the ranking is still there).
 *
 * <pre>{@code
 * Prediction p = classifier.predict(Path.of("clip.wav"));
 * System.out.println(p.label() + " " + p.probability());
 * }</pre>
 *
 * @param label       the most likely class, or {@link #UNKNOWN} when not accepted
 * @param probability the most likely class's probability
 * @param ranked      all classes, most likely first
 * @param accepted    whether the probability reached the threshold (always true without one)
 */
public record Prediction(String label, float probability, List<Ranked> ranked, boolean accepted) {
    /** The label of a recording the classifier did not recognise. */
    public static final String UNKNOWN = "unknown";

    /**
     * One class and its probability.
     *
     * @param label       the class
     * @param probability its probability
     */
    public record Ranked(String label, float probability) {
    }

    /** The {@code k} most likely classes. */
    public List<Ranked> top(int k) {
        return ranked.subList(0, Math.min(k, ranked.size()));
    }
}
