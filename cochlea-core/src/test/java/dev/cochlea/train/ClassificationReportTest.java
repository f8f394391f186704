package dev.cochlea.train;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClassificationReportTest {

    @Test
    void matchesScikitLearnExample() {
        // sklearn.metrics.classification_report([0, 1, 2, 2, 2], [0, 0, 2, 2, 1],
        //     target_names=["class 0", "class 1", "class 2"]), as printed in scikit-learn's documentation
        ClassificationReport r = ConfusionMatrixTest.sklearnExample().report();
        String expected = ""
                + "              precision    recall  f1-score   support\n"
                + "\n"
                + "     class 0       0.50      1.00      0.67         1\n"
                + "     class 1       0.00      0.00      0.00         1\n"
                + "     class 2       1.00      0.67      0.80         3\n"
                + "\n"
                + "    accuracy                           0.60         5\n"
                + "   macro avg       0.50      0.56      0.49         5\n"
                + "weighted avg       0.70      0.60      0.61         5\n";
        assertEquals(expected, r.toText());

        // by hand: class 0 p = 1/2, r = 1/1, f1 = 2/3; class 1 all 0 (no correct prediction); class 2 p = 2/2, r = 2/3, f1 = 0.8
        assertEquals(0.5, r.scores(0).precision(), 1e-12);
        assertEquals(2.0 / 3, r.scores(0).f1(), 1e-12);
        assertEquals(2.0 / 3, r.scores(2).recall(), 1e-12);
        assertEquals(0.8, r.scores(2).f1(), 1e-12);
        assertEquals(0.5, r.macroPrecision(), 1e-12);
        assertEquals((1 + 0 + 2.0 / 3) / 3, r.macroRecall(), 1e-12);
        assertEquals((2.0 / 3 + 0 + 0.8) / 3, r.macroF1(), 1e-12);
        assertEquals((0.5 + 0 + 3) / 5, r.weightedPrecision(), 1e-12);
        assertEquals((2.0 / 3 + 3 * 0.8) / 5, r.weightedF1(), 1e-12);
        assertEquals(0.6, r.accuracy(), 1e-12);
    }

    @Test
    void zeroDivisionCountsAsZero() {
        // class "c" never occurs and is never predicted; class "b" is predicted but never right
        ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b", "c")).add(new long[] {0, 0, 0, 0}, new long[] {0, 0, 0, 1});
        ClassificationReport r = m.report();
        assertEquals(new ClassificationReport.ClassScores("c", 0, 0, 0, 0), r.scores(2));
        assertEquals(new ClassificationReport.ClassScores("b", 0, 0, 0, 0), r.scores(1));
        assertEquals(1.0, r.scores(0).precision(), 1e-12);
        assertEquals(0.75, r.scores(0).recall(), 1e-12);
        assertEquals(1.0 / 3, r.macroPrecision(), 1e-12);       // (1 + 0 + 0) / 3: empty classes included
        assertEquals(0.25, r.macroRecall(), 1e-12);
        assertEquals(0.75, r.weightedRecall(), 1e-12);
    }

    @Test
    void emptyReport() {
        ClassificationReport r = ConfusionMatrix.ofSize(2).report();
        assertEquals(0, r.accuracy());
        assertEquals(0, r.weightedF1());
        assertEquals(0, r.macroF1());
    }

    @Test
    void reportIsASnapshot() {
        ConfusionMatrix m = ConfusionMatrix.ofSize(2).add(0, 0);
        ClassificationReport r = m.report();
        m.add(1, 0);
        assertEquals(1, r.total());
        assertEquals(1.0, r.accuracy());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonReadyMap() {
        Map<String, Object> m = ConfusionMatrixTest.sklearnExample().report().toMap();
        assertEquals(List.of("accuracy", "per_class", "macro_avg", "weighted_avg", "total", "confusion"), List.copyOf(m.keySet()));
        assertEquals(0.6, (double) m.get("accuracy"), 1e-12);
        Map<String, Map<String, Object>> perClass = (Map<String, Map<String, Object>>) m.get("per_class");
        assertEquals(List.of("class 0", "class 1", "class 2"), List.copyOf(perClass.keySet()));
        assertEquals(Map.of("precision", 1.0, "recall", 2.0 / 3, "f1", 0.8, "support", 3L).keySet(), perClass.get("class 2").keySet());
        assertEquals(0.8, (double) perClass.get("class 2").get("f1"), 1e-12);
        assertEquals(3L, perClass.get("class 2").get("support"));
        Map<String, Object> confusion = (Map<String, Object>) m.get("confusion");
        assertEquals(List.of(List.of(1L, 0L, 0L), List.of(1L, 0L, 0L), List.of(0L, 1L, 2L)), confusion.get("matrix"));
    }
}
