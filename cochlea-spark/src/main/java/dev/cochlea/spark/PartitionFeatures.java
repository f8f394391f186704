package dev.cochlea.spark;

import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.Classifier;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What runs on an executor for one partition of files when extracting features: each file decoded
 * and turned into the normalised features its run's model takes ([1, bands, frames], flattened),
 * one row per file as it streams past; a file that cannot be decoded gives a row with its error.
 */
final class PartitionFeatures implements MapPartitionsFunction<Row, Row> {
    private final String runDir;

    PartitionFeatures(String runDir) {
        this.runDir = runDir;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> files) {
        Classifier c = ExecutorModels.get(runDir);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return files.hasNext();
            }

            @Override
            public Row next() {
                Row r = files.next();
                String path = r.getString(r.fieldIndex("path"));
                try {
                    Tensor f = c.features(AudioBytes.read(c, path, r.getAs("content")));
                    float[] v = f.toFloatArray();
                    List<Float> values = new ArrayList<>(v.length);
                    for (float x : v) values.add(x);
                    List<Integer> shape = new ArrayList<>();
                    for (int d : f.shape()) shape.add(d);
                    return RowFactory.create(path, PartitionPredictor.seq(shape), PartitionPredictor.seq(values), null);
                } catch (Exception e) {
                    return RowFactory.create(path, null, null, PartitionPredictor.error(path, e));
                }
            }
        };
    }
}
