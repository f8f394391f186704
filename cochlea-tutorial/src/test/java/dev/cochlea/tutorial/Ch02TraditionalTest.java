package dev.cochlea.tutorial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

class Ch02TraditionalTest {
    @TempDir
    Path dir;

    @Test
    void classicAndModernBeatChance() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Map<String, Object> r = new Ch02Traditional().run(new Chapter.Context(new PrintStream(text, true, StandardCharsets.UTF_8), dir, true, 0));
        double chance = (double) r.get("chance");
        for (String key : new String[] {"accuracyKnn", "accuracyLogistic", "accuracyNaiveBayes", "accuracySvm", "accuracyTree",
                "accuracyForest", "accuracyLda", "accuracyAdaBoost", "accuracyLdaKnn", "accuracyPcaKnn", "kMeansPurity"}) {
            assertTrue((double) r.get(key) > 2 * chance, key + " = " + r.get(key) + " should beat chance " + chance);
        }
        float[] ratio = (float[]) r.get("pcaVarianceRatio");
        float sum = 0;
        for (int i = 0; i < ratio.length; i++) {
            sum += ratio[i];
            if (i > 0) assertTrue(ratio[i] <= ratio[i - 1] + 1e-4f, "PCA directions come in order of variance");
        }
        assertTrue(sum > 0.5f && sum <= 1.0001f, "8 of 26 directions keep most, not more than all, of the variance: " + sum);
        float[] lda = (float[]) r.get("ldaVarianceRatio");
        float ldaSum = 0;
        for (int i = 0; i < lda.length; i++) {
            ldaSum += lda[i];
            if (i > 0) assertTrue(lda[i] <= lda[i - 1] + 1e-6f, "LDA directions come in order of between-class variance");
        }
        assertTrue(ldaSum > 0.5f && ldaSum <= 1.0001f, "the LDA directions keep most of the between-class variance: " + ldaSum);
        double[] staged = (double[]) r.get("adaBoostStaged");
        assertTrue(staged[staged.length - 1] > staged[0], "boosting improves on the first stump: " + Arrays.toString(staged));
        assertTrue((double) r.get("cnnLastLoss") < 0.8 * (double) r.get("cnnFirstLoss"), "the CNN's loss goes down");
        assertTrue((double) r.get("accuracyCnn") > chance, "the CNN beats chance: " + r.get("accuracyCnn"));
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("random forest") && printed.contains("linear discriminant analysis") && printed.contains("AdaBoost (SAMME")
                && printed.contains("chance (guessing)"), printed);
    }
}
