package dev.cochlea.spark;

import dev.cochlea.Cochlea;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.Prediction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What runs on an executor for one partition of files: each file decoded and turned into features
 * as {@code ./cochlea predict} does, up to {@code batch} of them scored by one forward pass of the
 * model the executor loaded once ({@link ExecutorModels}); a file that cannot be decoded gives a
 * row with its error instead of failing the job. Rows are produced batch by batch, so a partition
 * of any size needs the memory of one batch.
 */
final class PartitionPredictor implements MapPartitionsFunction<Row, Row> {
    private final String runDir;
    private final int topK;
    private final int batch;

    PartitionPredictor(String runDir, int topK, int batch) {
        this.runDir = runDir;
        this.topK = topK;
        this.batch = batch;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> files) {
        Classifier c = ExecutorModels.get(runDir);
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && files.hasNext()) next(c, files);
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return ready.poll();
            }

            private void next(Classifier c, Iterator<Row> files) {
                List<String> paths = new ArrayList<>(batch);
                List<Tensor> features = new ArrayList<>(batch);
                while (files.hasNext() && features.size() < batch) {
                    Row r = files.next();
                    String path = r.getString(r.fieldIndex("path"));
                    try {
                        byte[] content = r.getAs("content");
                        Tensor[] f = new Tensor[1];
                        Exception[] failed = new Exception[1];
                        Cochlea.onThisThread(() -> {
                            try {
                                f[0] = c.features(AudioBytes.read(c, path, content));
                            } catch (Exception e) {
                                failed[0] = e;
                            }
                        });
                        if (failed[0] != null) throw failed[0];
                        features.add(f[0]);
                        paths.add(path);
                    } catch (Exception e) {
                        ready.add(failed(path, e));
                    }
                }
                if (features.isEmpty()) return;
                float[][] out = new float[1][];
                // Each task is one of several running side by side, one per executor core: its kernels stay on its thread.
                Cochlea.onThisThread(() -> out[0] = c.probabilities(Tensor.stack(features, 0)).toFloatArray());
                float[] p = out[0];
                int classes = c.labels().size();
                for (int i = 0; i < paths.size(); i++) {
                    float[] row = java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
                    ready.add(row(paths.get(i), c.rank(row), row, topK));
                }
            }
        };
    }

    static Row row(String path, Prediction p, float[] probabilities, int topK) {
        List<String> labels = new ArrayList<>(topK);
        List<Float> scores = new ArrayList<>(topK);
        for (Prediction.Ranked r : p.top(topK)) {
            labels.add(r.label());
            scores.add(r.probability());
        }
        List<Float> all = new ArrayList<>(probabilities.length);
        for (float v : probabilities) all.add(v);
        return RowFactory.create(path, p.label(), p.probability(), seq(labels), seq(scores), seq(all), null);
    }

    /** A Java list as the Scala sequence Spark's row encoder takes for an array column. */
    static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
        return scala.jdk.javaapi.CollectionConverters.asScala(list).toList();
    }

    static Row failed(String path, Exception e) {
        return RowFactory.create(path, null, null, null, null, null, error(path, e));
    }

    /** {@code e}'s message, starting with the file it concerns. */
    static String error(String path, Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.startsWith(path) ? m : path + ": " + m;
    }
}
