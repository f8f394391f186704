package dev.cochlea.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Batch inference with a trained run over as many audio files as Spark holds: the files (Spark's
 * {@code binaryFile} rows: {@code path}, {@code content}) are decoded, turned into features and
 * scored on the executors, each executor JVM loading the model once, up to {@link #batch} clips
 * per forward pass; the result has one row per file ({@link #SCHEMA}), a file that cannot be
 * decoded giving its error in {@code error} rather than failing the job. Numbers equal
 * {@code ./cochlea predict} on the same files.
 *
 * <pre>{@code
 * SparkPredictor predictor = SparkPredictor.of(Path.of("runs/fsdd")).topK(3);
 * Dataset<Row> out = predictor.predict(spark.read().format("binaryFile").load("hdfs:///clips"));
 * out.write().parquet("hdfs:///predictions.parquet");
 * }</pre>
 */
public final class SparkPredictor {
    /** The rows produced: path, top label, its probability, the top k, every class's probability, and the error if any. */
    public static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("label", DataTypes.StringType, true)
            .add("probability", DataTypes.FloatType, true)
            .add("top_labels", DataTypes.createArrayType(DataTypes.StringType), true)
            .add("top_probabilities", DataTypes.createArrayType(DataTypes.FloatType), true)
            .add("probabilities", DataTypes.createArrayType(DataTypes.FloatType), true)
            .add("error", DataTypes.StringType, true);

    private final Path runDir;
    private int topK = 3;
    private int batch = 64;
    private int partitions;

    private SparkPredictor(Path runDir) {
        this.runDir = runDir;
    }

    /** Predictions of the run in {@code runDir} (a folder {@code ./cochlea train} wrote). */
    public static SparkPredictor of(Path runDir) {
        if (!Files.isRegularFile(runDir.resolve("config.json"))) {
            throw new IllegalArgumentException("run: " + runDir + " is not a run folder (no config.json); give the folder train --out wrote");
        }
        return new SparkPredictor(runDir.toAbsolutePath().normalize());
    }

    /** How many ranked labels each row keeps (default 3). */
    public SparkPredictor topK(int k) {
        if (k < 1) throw new IllegalArgumentException("topK: expected >= 1, found " + k);
        this.topK = k;
        return this;
    }

    /** The most clips one forward pass scores (default 64). */
    public SparkPredictor batch(int n) {
        if (n < 1) throw new IllegalArgumentException("batch: expected >= 1, found " + n);
        this.batch = n;
        return this;
    }

    /** Merges the files into {@code n} partitions (default: at most four per core, fewer when the files come in fewer). */
    public SparkPredictor partitions(int n) {
        if (n < 1) throw new IllegalArgumentException("partitions: expected >= 1, found " + n);
        this.partitions = n;
        return this;
    }

    /**
     * Ships the run folder to the cluster's executors ({@code SparkContext.addFile}), for clusters
     * whose executors cannot read the driver's path; not needed in local mode or on a shared file system.
     */
    public SparkPredictor distribute(SparkSession spark) {
        spark.sparkContext().addFile(runDir.toString(), true);
        return this;
    }

    /** One row per file of {@code files}, which needs the columns {@code path} (string) and {@code content} (binary). */
    public Dataset<Row> predict(Dataset<Row> files) {
        requireColumns(files);
        return fewerPartitions(files.select("path", "content")).mapPartitions(new PartitionPredictor(runDir.toString(), topK, batch),
                Encoders.row(SCHEMA));
    }

    /**
     * {@code files} merged (without a shuffle) into at most four partitions per core of the cluster:
     * Spark splits files by bytes, so short clips arrive in hundreds of small partitions, and each
     * costs a task, a model look-up and an output file while holding few clips to batch.
     */
    private Dataset<Row> fewerPartitions(Dataset<Row> files) {
        if (partitions > 0) return files.coalesce(partitions);
        int most = 4 * files.sparkSession().sparkContext().defaultParallelism();
        return files.rdd().getNumPartitions() > most ? files.coalesce(most) : files;
    }

    private static void requireColumns(Dataset<Row> files) {
        for (String column : new String[] {"path", "content"}) {
            if (!java.util.Arrays.asList(files.columns()).contains(column)) {
                throw new IllegalArgumentException("files: no column '" + column + "' (found " + String.join(", ", files.columns())
                        + "); read the files with spark.read().format(\"binaryFile\")");
            }
        }
    }

    /** The rows {@link #features} produces: path, the features' shape and values (row-major), and the error if any. */
    public static final StructType FEATURES_SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("shape", DataTypes.createArrayType(DataTypes.IntegerType), true)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType), true)
            .add("error", DataTypes.StringType, true);

    /**
     * The features the run's model takes, one row per file of {@code files} ({@link #FEATURES_SCHEMA}):
     * decoded and normalised exactly as for {@link #predict}, for training elsewhere or inspection.
     */
    public Dataset<Row> features(Dataset<Row> files) {
        requireColumns(files);
        return fewerPartitions(files.select("path", "content")).mapPartitions(new PartitionFeatures(runDir.toString()),
                Encoders.row(FEATURES_SCHEMA));
    }

    /** The audio files under {@code location} (any Hadoop path; searched recursively), as {@code binaryFile} rows. */
    public static Dataset<Row> audioFiles(SparkSession spark, String location) {
        return spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                .option("pathGlobFilter", "*.{wav,WAV,wave,flac,FLAC,mp3,MP3,ogg,oga,opus,aif,aiff,aifc,au,snd}").load(location);
    }
}
