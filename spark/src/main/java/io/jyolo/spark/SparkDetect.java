package io.jyolo.spark;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Batch detection on Spark: a trained run applied to every image and video frame of a folder, a
 * glob or a list of paths, with the detections written as Parquet.
 *
 * <p>Output folder: {@code detections/} (id, input, frame, class, class_index, score, xmin, ymin,
 * xmax, ymax; boxes in original pixels, the rows {@code jyolo detect} writes as text), {@code
 * failures/} (input, reason), {@code inputs/} (input, frames: every input read to its end) and
 * {@code summary.json} ({@link DetectSummary}). The inputs are listed on the driver and spread over
 * the tasks; each executor loads the run once ({@link DetectorHolder}).
 */
@Command(name = "jyolo-spark-detect", mixinStandardHelpOptions = true,
        description = {"Detect objects with a trained run over images and videos, as a Spark job.",
            "Writes <out>/detections, <out>/failures, <out>/inputs (Parquet) and <out>/summary.json.",
            "An unreadable input is a failure row, never a failed job."})
public final class SparkDetect implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run folder (a path or Hadoop URI).")
    String run;

    @Option(names = "--input", required = true, paramLabel = "FOLDER|GLOB|LIST.txt|FILE",
            description = "A folder of images and videos, a glob, a .txt/.lst file of paths or URIs, or one file.")
    String input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (path or Hadoop URI).")
    String out;

    @Option(names = "--overwrite", description = "Replace an existing output folder.")
    boolean overwrite;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when spark-submit does not set one (default: local[*]).")
    String master;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "Tasks to spread the inputs over (0: Spark's default parallelism).")
    int partitions;

    @Option(names = "--threshold", defaultValue = "0.25", paramLabel = "X", description = "Minimum score (default: ${DEFAULT-VALUE}).")
    float threshold;

    @Option(names = "--nms", defaultValue = "0.5", paramLabel = "IOU", description = "NMS IoU (default: ${DEFAULT-VALUE}).")
    float nms;

    @Option(names = "--agnostic", description = "Class-agnostic NMS.")
    boolean agnostic;

    @Option(names = "--top-k", defaultValue = "100", paramLabel = "N", description = "At most N detections per picture.")
    int topK;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "Pictures per forward pass.")
    int batch;

    @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N", description = "Device on the executors.")
    String device;

    @Option(names = "--every", defaultValue = "1", paramLabel = "N", description = "Videos: every N-th frame.")
    int every;

    @Option(names = "--max-frames", defaultValue = "0", paramLabel = "N",
            description = "Videos: at most N frames each (0: no limit).")
    long maxFrames;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkDetect()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        JobSettings settings;
        try {
            settings = JobSettings.defaults(run).withDetection(threshold, nms, agnostic, topK, batch, device)
                    .withFrames(every, maxFrames);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        SparkConf conf = new SparkConf().setAppName("jyolo-detect");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            DetectSummary summary = run(spark, settings, input, out, partitions, overwrite);
            System.out.println(summary);
            System.out.println("-> " + out);
            return summary.read() == 0 ? 1 : 0;
        } finally {
            spark.stop();
        }
    }

    /**
     * Runs the job on {@code spark}: lists {@code input}, detects on every picture and writes the
     * outputs into {@code out}.
     *
     * @param partitions tasks to spread the inputs over (0: the context's default parallelism)
     * @throws IOException naming the flag and path when the run is not a run folder, the input names
     *                     nothing, or {@code out} exists and {@code overwrite} is false
     */
    public static DetectSummary run(SparkSession spark, JobSettings settings, String input, String out,
                                    int partitions, boolean overwrite) throws IOException {
        long started = System.nanoTime();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        requireRun(settings.run(), hadoop);
        Path outPath = new Path(out);
        FileSystem outFs = outPath.getFileSystem(hadoop);
        if (outFs.exists(outPath) && !overwrite) {
            throw new IOException("--out " + out + " exists; pass --overwrite to replace it");
        }
        List<String> inputs = InputList.expand(input, hadoop);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = Math.max(1, Math.min(inputs.size(), partitions > 0 ? partitions : jsc.defaultParallelism()));
        JavaRDD<Row> rows = jsc.parallelize(inputs, slices).mapPartitions(new PartitionDetection(settings));
        Dataset<Row> records = spark.createDataFrame(rows, Records.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            SaveMode mode = overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
            Dataset<Row> detections = select(records, RecordKind.DETECTION, Records.DETECTION_COLUMNS);
            Dataset<Row> failures = select(records, RecordKind.FAILURE, Records.FAILURE_COLUMNS);
            Dataset<Row> read = select(records, RecordKind.INPUT, Records.INPUT_COLUMNS);
            detections.write().mode(mode).parquet(new Path(outPath, "detections").toString());
            failures.write().mode(mode).parquet(new Path(outPath, "failures").toString());
            read.write().mode(mode).parquet(new Path(outPath, "inputs").toString());
            Map<String, Long> perClass = new TreeMap<>();
            for (Row r : detections.groupBy("class").count().collectAsList()) {
                perClass.put(r.getString(0), r.getLong(1));
            }
            Row totals = read.agg(functions.count("input"), functions.coalesce(functions.sum("frames"),
                    functions.lit(0L))).first();
            List<DetectSummary.Failure> samples = failures.orderBy("input").limit(DetectSummary.SAMPLES)
                    .collectAsList().stream().map(r -> new DetectSummary.Failure(r.getString(0), r.getString(1)))
                    .toList();
            long detectionCount = perClass.values().stream().mapToLong(Long::longValue).sum();
            DetectSummary summary = new DetectSummary(inputs.size(), totals.getLong(0), totals.getLong(1),
                    detectionCount, perClass, failures.count(), samples, (System.nanoTime() - started) / 1e9);
            writeSummary(outFs, new Path(outPath, "summary.json"), summary);
            return summary;
        } finally {
            records.unpersist();
        }
    }

    private static Dataset<Row> select(Dataset<Row> records, RecordKind kind, String[] columns) {
        return records.filter(functions.col("kind").equalTo(kind.name()))
                .selectExpr(java.util.Arrays.stream(columns).map(c -> "`" + c + "`").toArray(String[]::new));
    }

    private static void requireRun(String run, Configuration hadoop) throws IOException {
        Path config = new Path(run, "config.json");
        if (!config.getFileSystem(hadoop).exists(config)) {
            throw new IOException("--run " + run + ": not a run folder (no config.json)");
        }
    }

    private static void writeSummary(FileSystem fs, Path file, DetectSummary summary) throws IOException {
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(summary);
        try (OutputStream o = fs.create(file, true)) {
            o.write(json.getBytes(StandardCharsets.UTF_8));
        }
    }
}
