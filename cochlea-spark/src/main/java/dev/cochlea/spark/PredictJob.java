package dev.cochlea.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;

/**
 * The batch-inference job for {@code spark-submit}: every audio file under an input location scored
 * by a trained run, written as Parquet (docs/spark.md).
 *
 * <pre>{@code
 * spark-submit --class dev.cochlea.spark.PredictJob cochlea-spark.jar \
 *     --run runs/fsdd --input hdfs:///clips --output hdfs:///predictions.parquet [--top 3] [--distribute]
 * }</pre>
 */
public final class PredictJob {
    private PredictJob() {}

    /** Runs the job; arguments as in the class comment. */
    public static void main(String[] args) {
        String run = null, input = null, output = null;
        int top = 3;
        boolean distribute = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--run" -> run = value(args, ++i, "--run");
                case "--input" -> input = value(args, ++i, "--input");
                case "--output" -> output = value(args, ++i, "--output");
                case "--top" -> top = Integer.parseInt(value(args, ++i, "--top"));
                case "--distribute" -> distribute = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; expected --run, --input, --output, --top, --distribute");
            }
        }
        if (run == null || input == null || output == null) {
            throw new IllegalArgumentException("usage: PredictJob --run RUN_DIR --input LOCATION --output PARQUET [--top K] [--distribute]");
        }
        SparkSession spark = SparkSession.builder().appName("cochlea predict").getOrCreate();
        try {
            SparkPredictor p = SparkPredictor.of(Path.of(run)).topK(top);
            if (distribute) p.distribute(spark);
            Dataset<Row> out = p.predict(SparkPredictor.audioFiles(spark, input));
            out.write().parquet(output);
        } finally {
            spark.stop();
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + ": missing value");
        return args[i];
    }
}
