package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.VocObject;
import io.jyolo.detect.TestRuns;
import io.jyolo.eval.DetectionFiles;
import io.jyolo.eval.GroundTruthFolder;
import io.jyolo.eval.SharedData;
import io.jyolo.viz.EvaluationReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jyolo evaluate --report DIR}: the chart PNGs land in DIR, for both sources of detections. */
class EvaluateReportOptionTest {

    /**
     * With a trained run: one PR file per class that has both ground truth in the split and a
     * detection, which the saved detections and the split's annotations tell independently.
     */
    @Test
    void runSourceWritesOnePrChartPerDetectedClassWithGroundTruth(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("report");
        Path dets = tmp.resolve("dets");
        CliRun r = CliRun.of("evaluate", "--run", TestRuns.stretch().toString(), "--data", TestRuns.data().toString(),
                "--split", "test", "--save-dets", dets.toString(), "--report", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> split = Files.readAllLines(TestRuns.data().resolve("ImageSets/Main/test.txt"));
        Map<String, List<VocObject>> truth = GroundTruthFolder.read(TestRuns.data().resolve("Annotations"));
        Set<String> withTruth = new TreeSet<>();
        split.forEach(id -> truth.get(id).stream().filter(o -> !o.difficult()).forEach(o -> withTruth.add(o.name())));
        Set<String> expected = new TreeSet<>();
        DetectionFiles.readFolder(dets).values().forEach(list -> list.forEach(d -> {
            if (withTruth.contains(d.className())) {
                expected.add(EvaluationReport.CLASS_PR_PREFIX + d.className() + ".png");
            }
        }));
        expected.addAll(List.of(EvaluationReport.CONFUSION_FILE, EvaluationReport.THRESHOLD_FILE, EvaluationReport.PR_FILE));
        Set<String> written;
        try (Stream<Path> files = Files.list(dir)) {
            written = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(expected, written);
        assertTrue(r.out().contains("report: " + expected.size() + " charts in " + dir), r.out());
    }

    @Test
    void reportFolderGetsEveryChart(@TempDir Path tmp) throws IOException {
        Path toy = SharedData.dataset("map-toy");
        Path dir = tmp.resolve("report");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new EvaluateCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("--gt", toy.resolve("Annotations").toString(), "--dets",
                toy.resolve("detections").toString(), "--report", dir.toString());
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("report: 4 charts in " + dir), out.toString());
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of(EvaluationReport.CONFUSION_FILE, EvaluationReport.THRESHOLD_FILE, "pr-cat.png",
                EvaluationReport.PR_FILE).stream().sorted().toList(), names);
        for (String name : names) {
            BufferedImage image = ImageIO.read(dir.resolve(name).toFile());
            assertTrue(image != null && image.getHeight() > 100, name);
        }
    }
}
