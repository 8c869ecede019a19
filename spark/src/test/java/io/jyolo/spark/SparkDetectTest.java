package io.jyolo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.detect.Detector;
import io.jyolo.detect.VideoDetection;
import io.jyolo.predict.Detection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in {@code local[2]} over a folder of shared VOC images, one corrupt file and one video,
 * checked row by row against {@link Detector}, what {@code jyolo detect} runs on the same inputs.
 */
class SparkDetectTest {

    private static final int IMAGES = 4;
    private static final long FRAMES = 3;

    @TempDir
    static Path tmp;

    private static Path run;
    private static Path inputs;
    private static SparkSession spark;

    @BeforeAll
    static void setUp() throws IOException {
        Path shared = Path.of(System.getProperty("jyolo.shared", "../shared"));
        Path voc = shared.resolve("data/voc2012-sample/JPEGImages");
        Path video = shared.resolve("video/cars-top-down.mp4");
        if (!Files.isDirectory(voc) || !Files.isRegularFile(video)) {
            String reason = "skipped: the shared data is absent (" + voc + ", " + video + ")";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        run = TinyRun.train(tmp.resolve("tiny"));
        inputs = Files.createDirectories(tmp.resolve("inputs"));
        List<Path> jpegs;
        try (Stream<Path> s = Files.list(voc)) {
            jpegs = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(IMAGES).toList();
        }
        for (Path j : jpegs) {
            Files.copy(j, inputs.resolve(j.getFileName()));
        }
        byte[] first = Files.readAllBytes(jpegs.get(0));
        Files.write(inputs.resolve("corrupt.jpg"), java.util.Arrays.copyOf(first, first.length / 3));
        Files.copy(video, inputs.resolve("clip.mp4"));
        Files.writeString(inputs.resolve("notes.md"), "not an input: left out of the folder listing");
        spark = SparkSession.builder().master("local[2]").appName("jyolo-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
        DetectorHolder.closeAll();
    }

    private static JobSettings settings() {
        // a low threshold: the tiny run is barely trained, and the comparison needs rows
        return JobSettings.defaults(run.toString()).withDetection(0.02f, 0.5f, false, 20, 3, "cpu")
                .withFrames(1, FRAMES);
    }

    @Test
    void rowsMatchTheDetectorAndTheCorruptFileIsOneFailure() throws IOException {
        Path out = tmp.resolve("out");
        DetectSummary summary = SparkDetect.run(spark, settings(), inputs.toString(), out.toString(), 2, false);

        Map<String, List<Detection>> expected = expected();
        Map<String, List<Row>> actual = new HashMap<>();
        List<Row> rows = spark.read().parquet(out.resolve("detections").toString()).collectAsList();
        for (Row r : rows) {
            actual.computeIfAbsent(r.getAs("id"), k -> new ArrayList<>()).add(r);
        }
        long expectedCount = expected.values().stream().mapToLong(List::size).sum();
        assertTrue(expectedCount > 0, "the reference detector found nothing: the comparison would be empty");
        assertEquals(expectedCount, rows.size());
        for (Map.Entry<String, List<Detection>> e : expected.entrySet()) {
            List<Row> got = new ArrayList<>(actual.getOrDefault(e.getKey(), List.of()));
            got.sort(Comparator.comparing((Row r) -> -(float) r.getAs("score")));
            assertEquals(e.getValue().size(), got.size(), e.getKey());
            for (int i = 0; i < got.size(); i++) {
                Detection d = e.getValue().get(i);
                Row r = got.get(i);
                String where = e.getKey() + " #" + i;
                assertEquals(d.className(), r.getAs("class"), where);
                assertEquals(d.classIndex(), (int) r.getAs("class_index"), where);
                assertEquals(d.score(), r.getAs("score"), 1e-5f, where);
                assertEquals(d.box().xmin(), r.getAs("xmin"), 1e-3f, where);
                assertEquals(d.box().ymin(), r.getAs("ymin"), 1e-3f, where);
                assertEquals(d.box().xmax(), r.getAs("xmax"), 1e-3f, where);
                assertEquals(d.box().ymax(), r.getAs("ymax"), 1e-3f, where);
            }
        }

        List<Row> failures = spark.read().parquet(out.resolve("failures").toString()).collectAsList();
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).<String>getAs("input").endsWith("/corrupt.jpg"), failures.toString());
        assertTrue(failures.get(0).<String>getAs("reason").contains("corrupt.jpg"), failures.toString());

        assertEquals(IMAGES + 2, summary.listed());
        assertEquals(IMAGES + 1, summary.read());
        assertEquals(IMAGES + FRAMES, summary.pictures());
        assertEquals(1, summary.failed());
        assertEquals(expectedCount, summary.detections());
        assertEquals(expectedCount, summary.perClass().values().stream().mapToLong(Long::longValue).sum());
        assertTrue(Files.readString(out.resolve("summary.json")).contains("corrupt.jpg"));
        assertEquals(1, DetectorHolder.loaded(), "one detector for the JVM's two task threads");

        IOException again = assertThrows(IOException.class,
                () -> SparkDetect.run(spark, settings(), inputs.toString(), out.toString(), 2, false));
        assertTrue(again.getMessage().contains("--overwrite"), again.getMessage());
    }

    @Test
    void aListFileAndAGlobNameTheirInputs() throws IOException {
        Path list = tmp.resolve("list.txt");
        Files.writeString(list, "# two inputs\n" + inputs.resolve("clip.mp4") + "\n\n" + inputs.resolve("missing.jpg") + "\n");
        List<String> listed = InputList.expand(list.toString(), spark.sparkContext().hadoopConfiguration());
        assertEquals(List.of(inputs.resolve("clip.mp4").toString(), inputs.resolve("missing.jpg").toString()), listed);
        List<String> globbed = InputList.expand(inputs + "/*.jpg", spark.sparkContext().hadoopConfiguration());
        assertEquals(IMAGES + 1, globbed.size());
        assertFalse(globbed.stream().anyMatch(p -> p.endsWith(".mp4")));
        IOException none = assertThrows(IOException.class,
                () -> InputList.expand(inputs + "/*.png", spark.sparkContext().hadoopConfiguration()));
        assertTrue(none.getMessage().contains("no images or videos"), none.getMessage());
    }

    @Test
    void unreadableInputsAreFailureRowsNamingThem() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("garbage.mp4"), "not a video");
        List<String> bad = List.of(inputs.resolve("missing.jpg").toString(), garbage.toString(),
                inputs.resolve("corrupt.jpg").toString(), tmp.resolve("missing.avi").toString());
        List<Row> rows = new ArrayList<>();
        new PartitionDetection(settings()).call(bad.iterator()).forEachRemaining(rows::add);
        assertEquals(bad.size(), rows.size(), rows.toString());
        for (int i = 0; i < bad.size(); i++) {
            Row r = rows.get(i);
            assertEquals(RecordKind.FAILURE.name(), r.get(Records.SCHEMA.fieldIndex("kind")));
            assertEquals(bad.get(i), r.get(Records.SCHEMA.fieldIndex("input")));
            String reason = r.getString(Records.SCHEMA.fieldIndex("reason"));
            assertTrue(reason.contains(Path.of(bad.get(i)).getFileName().toString()), reason);
            assertEquals(1, reason.lines().count(), reason);
        }
    }

    /** What the library's detector finds, by the job's ids: per image, and per frame of the video. */
    private static Map<String, List<Detection>> expected() throws IOException {
        Map<String, List<Detection>> out = new HashMap<>();
        JobSettings s = settings();
        try (Detector detector = Detector.load(run, s.detectorOptions());
             Stream<Path> files = Files.list(inputs)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jpg") && !p.endsWith("corrupt.jpg")).toList()) {
                out.put(f.toUri().toString().replace("file:///", "file:/"), detector.detect(f));
            }
            Path clip = inputs.resolve("clip.mp4");
            String id = clip.toUri().toString().replace("file:///", "file:/");
            VideoDetection.run(detector, clip.toString(), s.frameOptions(), null, p -> { },
                    (frame, annotated, found) -> out.put(Records.frameId(id, frame.index()), found));
        }
        return out;
    }
}
