package dev.cochlea.train;

import java.util.List;

/**
 * What a {@link Classifier} says about one recording: the most likely label, its probability, and
 * the labels ranked by probability.
 *
 * <pre>{@code
 * Prediction p = classifier.predict(Path.of("clip.wav"));
 * System.out.println(p.label() + " " + p.probability());
 * }</pre>
 *
 * @param label       the most likely class
 * @param probability its softmax probability
 * @param ranked      all classes, most likely first
 */
public record Prediction(String label, float probability, List<Ranked> ranked) {
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
