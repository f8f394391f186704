package dev.cochlea.train;

import dev.cochlea.tensor.DType;
import dev.cochlea.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of (true class, predicted class) pairs, as scikit-learn's {@code confusion_matrix}: row
 * {@code t}, column {@code p} holds how many samples of class {@code t} were predicted as
 * {@code p}. Filled from class indices or from logits and int64 targets; gives the accuracy, an
 * aligned text table, a JSON-ready map and a heat map image. Per-class scores are in
 * {@link ClassificationReport}. Not thread-safe.
 *
 * <pre>{@code
 * ConfusionMatrix cm = new ConfusionMatrix(List.of("yes", "no"));
 * cm.add(logits, targets);               // logits [batch, 2], targets [batch] int64
 * cm.add(0, 1);                          // one "yes" predicted as "no"
 * System.out.print(cm.toText());
 * tb.addImage("confusion", cm.toImage(), epoch);
 * }</pre>
 */
public final class ConfusionMatrix {
    private final List<String> classes;
    private final long[][] counts;

    /**
     * An empty matrix over these classes (index {@code i} is {@code classNames.get(i)}).
     *
     * @throws IllegalArgumentException if there are no classes or a name is null or repeated
     */
    public ConfusionMatrix(List<String> classNames) {
        if (classNames.isEmpty()) throw new IllegalArgumentException("ConfusionMatrix: expected at least one class, got none");
        if (classNames.stream().distinct().count() != classNames.size()) {
            throw new IllegalArgumentException("ConfusionMatrix: class names must be distinct, got " + classNames);
        }
        this.classes = List.copyOf(classNames);
        this.counts = new long[classes.size()][classes.size()];
    }

    /** An empty matrix over classes named {@code "0"} to {@code "n-1"}. */
    public static ConfusionMatrix ofSize(int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("ConfusionMatrix: expected at least one class, got " + numClasses);
        List<String> names = new ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) names.add(Integer.toString(i));
        return new ConfusionMatrix(names);
    }

    /** Counts one sample of class {@code trueClass} predicted as {@code predicted}. */
    public ConfusionMatrix add(int trueClass, int predicted) {
        check("true class", trueClass);
        check("predicted class", predicted);
        counts[trueClass][predicted]++;
        return this;
    }

    /** Counts the pairs {@code (trueClasses[i], predicted[i])}. */
    public ConfusionMatrix add(long[] trueClasses, long[] predicted) {
        if (trueClasses.length != predicted.length) {
            throw new IllegalArgumentException("ConfusionMatrix: expected as many predictions as targets, got "
                    + predicted.length + " predictions and " + trueClasses.length + " targets");
        }
        for (int i = 0; i < trueClasses.length; i++) {
            check("true class", trueClasses[i]);
            check("predicted class", predicted[i]);
        }
        for (int i = 0; i < trueClasses.length; i++) counts[(int) trueClasses[i]][(int) predicted[i]]++;
        return this;
    }

    /**
     * Counts a batch: the prediction is the arg-max of each row of {@code logits} {@code [batch, classes]}
     * (any scores whose largest value marks the class: logits, log-probabilities, probabilities),
     * the truth is {@code targets} {@code [batch]} of class indices (int64).
     */
    public ConfusionMatrix add(Tensor logits, Tensor targets) {
        if (logits.dim() != 2 || logits.size(1) != classes.size()) {
            throw new IllegalArgumentException("ConfusionMatrix: expected logits of shape [batch, " + classes.size()
                    + "], got " + Arrays.toString(logits.shape()));
        }
        if (targets.dim() != 1 || targets.size(0) != logits.size(0)) {
            throw new IllegalArgumentException("ConfusionMatrix: expected targets of shape [" + logits.size(0)
                    + "] to match logits " + Arrays.toString(logits.shape()) + ", got " + Arrays.toString(targets.shape()));
        }
        if (targets.dtype() != DType.INT64) {
            throw new IllegalArgumentException("ConfusionMatrix: expected int64 class-index targets, got " + targets.dtype());
        }
        return add(targets.toLongArray(), logits.argmax(1, false).toLongArray());
    }

    /** Adds all counts of {@code other}, which must have the same classes. */
    public ConfusionMatrix add(ConfusionMatrix other) {
        if (!other.classes.equals(classes)) {
            throw new IllegalArgumentException("ConfusionMatrix: cannot add a matrix over " + other.classes + " to one over " + classes);
        }
        for (int t = 0; t < counts.length; t++) for (int p = 0; p < counts.length; p++) counts[t][p] += other.counts[t][p];
        return this;
    }

    /** The class names, index order. */
    public List<String> classes() {
        return classes;
    }

    /** The number of classes. */
    public int numClasses() {
        return classes.size();
    }

    /** How many samples of class {@code trueClass} were predicted as {@code predicted}. */
    public long count(int trueClass, int predicted) {
        check("true class", trueClass);
        check("predicted class", predicted);
        return counts[trueClass][predicted];
    }

    /** A copy of the counts, {@code [true][predicted]}. */
    public long[][] counts() {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < c.length; i++) c[i] = counts[i].clone();
        return c;
    }

    /** The number of samples counted. */
    public long total() {
        long n = 0;
        for (long[] row : counts) for (long v : row) n += v;
        return n;
    }

    /** Samples whose true class is {@code c} (the row sum). */
    public long support(int c) {
        check("class", c);
        long n = 0;
        for (long v : counts[c]) n += v;
        return n;
    }

    /** Samples predicted as class {@code c} (the column sum). */
    public long predicted(int c) {
        check("class", c);
        long n = 0;
        for (long[] row : counts) n += row[c];
        return n;
    }

    /** The fraction of samples on the diagonal; 0 when nothing was counted. */
    public double accuracy() {
        long n = total(), right = 0;
        for (int i = 0; i < counts.length; i++) right += counts[i][i];
        return n == 0 ? 0 : (double) right / n;
    }

    /** Per-class precision, recall, F1 and support of these counts. */
    public ClassificationReport report() {
        return ClassificationReport.of(this);
    }

    /**
     * The matrix as an aligned text table: rows are true classes, columns predicted ones, with
     * the class names as labels.
     */
    public String toText() {
        String[] headers = new String[classes.size() + 1];
        headers[0] = "true \\ predicted";
        for (int i = 0; i < classes.size(); i++) headers[i + 1] = classes.get(i);
        SummaryTable t = new SummaryTable(headers).withoutRule();
        for (int r = 0; r < counts.length; r++) {
            Object[] cells = new Object[headers.length];
            cells[0] = classes.get(r);
            for (int c = 0; c < counts.length; c++) cells[c + 1] = counts[r][c];
            t.row(cells);
        }
        return t.render();
    }

    /** {@code {"classes": [names...], "matrix": [[counts of true class 0...], ...]}}, ready for a JSON writer. */
    public Map<String, Object> toMap() {
        List<List<Long>> rows = new ArrayList<>(counts.length);
        for (long[] row : counts) rows.add(Arrays.stream(row).boxed().toList());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classes", classes);
        m.put("matrix", rows);
        return m;
    }

    /** A heat map with the counts written in the cells (see {@link ConfusionMatrixImage}). */
    public BufferedImage toImage() {
        return ConfusionMatrixImage.render(this);
    }

    @Override
    public String toString() {
        return toText();
    }

    private void check(String what, long c) {
        if (c < 0 || c >= classes.size()) {
            throw new IllegalArgumentException("ConfusionMatrix: expected a " + what + " index in [0, "
                    + (classes.size() - 1) + "], got " + c);
        }
    }
}
