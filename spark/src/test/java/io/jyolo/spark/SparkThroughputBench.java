package io.jyolo.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jyolo.detect.Detector;
import io.jyolo.image.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in {@code local[2]} against the library's detector in a plain loop (read, decode, detect
 * in batches, nothing written) over the same folder of images, in one JVM: what Spark costs on one
 * machine. A measurement, not a test: skipped unless {@code JYOLO_BENCH_RUN} (a run folder) and
 * {@code JYOLO_BENCH_INPUT} (a folder of images) are set; results go to {@code bench/results/spark.md}.
 */
class SparkThroughputBench {

    @TempDir
    Path tmp;

    @Test
    void sparkAgainstAPlainLoop() throws IOException {
        String run = System.getenv("JYOLO_BENCH_RUN");
        String input = System.getenv("JYOLO_BENCH_INPUT");
        assumeTrue(run != null && input != null, "benchmark: set JYOLO_BENCH_RUN and JYOLO_BENCH_INPUT to run");
        JobSettings settings = JobSettings.defaults(run).withDetection(0.25f, 0.5f, false, 100, 8, "cpu");
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(input))) {
            files = s.filter(p -> InputKind.of(p.toString()) == InputKind.IMAGE).sorted().toList();
        }
        plainLoop(run, settings, files);
        long session = System.nanoTime();
        SparkSession spark = SparkSession.builder().master("local[2]").appName("jyolo-spark-bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        double startup = (System.nanoTime() - session) / 1e9;
        try {
            DetectSummary s = SparkDetect.run(spark, settings, input, tmp.resolve("out").toString(), 0, false);
            System.out.printf(Locale.ROOT, "BENCH spark local[2]: session %.1f s, job %s%n", startup, s);
        } finally {
            spark.stop();
            DetectorHolder.closeAll();
        }
        plainLoop(run, settings, files); // again: the machine's load and the JIT change between the two
    }

    private static void plainLoop(String run, JobSettings settings, List<Path> files) throws IOException {
        long found = 0;
        long start = System.nanoTime();
        try (Detector detector = Detector.load(Path.of(run), settings.detectorOptions())) {
            double loaded = (System.nanoTime() - start) / 1e9;
            long loop = System.nanoTime();
            for (int from = 0; from < files.size(); from += settings.batch()) {
                List<BufferedImage> batch = new ArrayList<>();
                for (Path f : files.subList(from, Math.min(files.size(), from + settings.batch()))) {
                    batch.add(Images.readRgb(f));
                }
                found += detector.detect(batch).stream().mapToLong(List::size).sum();
            }
            double seconds = (System.nanoTime() - loop) / 1e9;
            System.out.printf(Locale.ROOT, "BENCH plain loop: %d images, %d detections, load %.1f s, %.1f s, %.1f images/s%n",
                    files.size(), found, loaded, seconds, files.size() / seconds);
        }
    }
}
