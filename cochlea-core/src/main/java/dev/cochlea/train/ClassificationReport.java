package dev.cochlea.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-class precision, recall, F1 and support from a {@link ConfusionMatrix}, with their macro
 * (unweighted) and support-weighted averages, as scikit-learn's {@code classification_report}:
 * a ratio whose denominator is zero counts as 0 ({@code zero_division=0}), and the macro averages
 * include every class, also those without samples.
 *
 * <pre>{@code
 * ClassificationReport r = ClassificationReport.of(confusion);
 * System.out.print(r.toText());
 * //               precision    recall  f1-score   support
 * //
 * //          yes       0.50      1.00      0.67         1
 * //           no       1.00      0.67      0.80         3
 * // ...
 * double f1 = r.macroF1();
 * Map<String, Object> json = r.toMap();   // accuracy, per_class, macro_avg, weighted_avg, confusion
 * }</pre>
 */
public final class ClassificationReport {

    /**
     * The scores of one class.
     *
     * @param name      class name
     * @param precision of the samples predicted as this class, the fraction that are
     * @param recall    of the samples of this class, the fraction predicted as it
     * @param f1        harmonic mean of precision and recall
     * @param support   number of samples of this class
     */
    public record ClassScores(String name, double precision, double recall, double f1, long support) {
    }

    private final ConfusionMatrix confusion;
    private final List<ClassScores> perClass;
    private final double accuracy;

    private ClassificationReport(ConfusionMatrix confusion) {
        this.confusion = confusion;
        this.accuracy = confusion.accuracy();
        List<ClassScores> scores = new ArrayList<>(confusion.numClasses());
        for (int c = 0; c < confusion.numClasses(); c++) {
            long tp = confusion.count(c, c);
            double precision = ratio(tp, confusion.predicted(c));
            double recall = ratio(tp, confusion.support(c));
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            scores.add(new ClassScores(confusion.classes().get(c), precision, recall, f1, confusion.support(c)));
        }
        this.perClass = List.copyOf(scores);
    }

    /** The report of the counts in {@code confusion} as they are now (later additions are not seen). */
    public static ClassificationReport of(ConfusionMatrix confusion) {
        ConfusionMatrix copy = new ConfusionMatrix(confusion.classes()).add(confusion);
        return new ClassificationReport(copy);
    }

    /** The scores of each class, index order. */
    public List<ClassScores> perClass() {
        return perClass;
    }

    /** The scores of class {@code c}. */
    public ClassScores scores(int c) {
        return perClass.get(c);
    }

    /** The fraction of samples classified correctly; 0 without samples. */
    public double accuracy() {
        return accuracy;
    }

    /** The number of samples. */
    public long total() {
        return confusion.total();
    }

    /** The unweighted mean of the per-class precisions. */
    public double macroPrecision() {
        return perClass.stream().mapToDouble(ClassScores::precision).average().orElse(0);
    }

    /** The unweighted mean of the per-class recalls. */
    public double macroRecall() {
        return perClass.stream().mapToDouble(ClassScores::recall).average().orElse(0);
    }

    /** The unweighted mean of the per-class F1 scores. */
    public double macroF1() {
        return perClass.stream().mapToDouble(ClassScores::f1).average().orElse(0);
    }

    /** The per-class precisions averaged with the supports as weights; 0 without samples. */
    public double weightedPrecision() {
        return weighted(0);
    }

    /** The per-class recalls averaged with the supports as weights; 0 without samples. */
    public double weightedRecall() {
        return weighted(1);
    }

    /** The per-class F1 scores averaged with the supports as weights; 0 without samples. */
    public double weightedF1() {
        return weighted(2);
    }

    /** The confusion matrix the scores come from. */
    public ConfusionMatrix confusion() {
        return new ConfusionMatrix(confusion.classes()).add(confusion);
    }

    /** The text table of scikit-learn's {@code classification_report(..., digits=2)}. */
    public String toText() {
        return toText(2);
    }

    /** The text table of scikit-learn's {@code classification_report} with {@code digits} decimals. */
    public String toText(int digits) {
        String last = "weighted avg";
        int width = Math.max(last.length(), digits);
        for (ClassScores s : perClass) width = Math.max(width, s.name().length());
        String num = "%9." + digits + "f";
        String row = "%" + width + "s  " + num + " " + num + " " + num + " %9d%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%" + width + "s  %9s %9s %9s %9s%n%n", "", "precision", "recall", "f1-score", "support"));
        for (ClassScores s : perClass) {
            sb.append(String.format(Locale.ROOT, row, s.name(), s.precision(), s.recall(), s.f1(), s.support()));
        }
        sb.append(String.format(Locale.ROOT, "%n%" + width + "s  %9s %9s " + num + " %9d%n", "accuracy", "", "", accuracy, total()));
        sb.append(String.format(Locale.ROOT, row, "macro avg", macroPrecision(), macroRecall(), macroF1(), total()));
        sb.append(String.format(Locale.ROOT, row, last, weightedPrecision(), weightedRecall(), weightedF1(), total()));
        return sb.toString().replace(System.lineSeparator(), "\n");
    }

    /**
     * The report as nested maps and lists, ready for a JSON writer:
     * {@code accuracy}, {@code per_class} (class name to {@code precision}, {@code recall},
     * {@code f1}, {@code support}), {@code macro_avg}, {@code weighted_avg}, {@code total} and
     * {@code confusion} ({@link ConfusionMatrix#toMap()}).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> perClassMap = new LinkedHashMap<>();
        for (ClassScores s : perClass) perClassMap.put(s.name(), scoresMap(s.precision(), s.recall(), s.f1(), s.support()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("per_class", perClassMap);
        m.put("macro_avg", scoresMap(macroPrecision(), macroRecall(), macroF1(), total()));
        m.put("weighted_avg", scoresMap(weightedPrecision(), weightedRecall(), weightedF1(), total()));
        m.put("total", total());
        m.put("confusion", confusion.toMap());
        return m;
    }

    @Override
    public String toString() {
        return toText();
    }

    private static Map<String, Object> scoresMap(double precision, double recall, double f1, long support) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("support", support);
        return m;
    }

    private double weighted(int which) {
        long n = 0;
        double sum = 0;
        for (ClassScores s : perClass) {
            double v = which == 0 ? s.precision() : which == 1 ? s.recall() : s.f1();
            sum += v * s.support();
            n += s.support();
        }
        return n == 0 ? 0 : sum / n;
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }
}
