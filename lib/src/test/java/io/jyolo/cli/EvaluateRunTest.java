package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jyolo.data.VocAnnotation;
import io.jyolo.data.VocObject;
import io.jyolo.data.VocXml;
import io.jyolo.detect.TestRuns;
import io.jyolo.eval.DetectionFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jyolo evaluate --run --data --split}: detect with a trained run on a split and score it. */
class EvaluateRunTest {

    private static final List<String> CLASSES = List.of("circle", "square", "triangle", "star", "hexagon");

    @TempDir
    Path tmp;

    @Test
    void jsonHasTheMapAndAnApPerClassAndEveryClassIsAccountedFor() throws IOException {
        Path dets = tmp.resolve("dets");
        CliRun r = CliRun.of("evaluate", "--run", TestRuns.stretch().toString(), "--data", TestRuns.data().toString(),
                "--split", "test", "--json", "--save-dets", dets.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject json = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        JsonObject ap = json.getAsJsonObject("ap");
        JsonObject skipped = json.getAsJsonObject("skipped");
        for (String c : CLASSES) {
            assertTrue(ap.has(c) ^ skipped.has(c), c + " is either scored or reported as skipped: " + json);
        }
        assertFalse(ap.isEmpty(), json.toString());
        assertMeanOf(ap, json.get("mAP").getAsDouble());
        assertEquals("all", json.get("method").getAsString());
        assertEquals(0.5, json.get("iou").getAsDouble());
        // the detections were made at the evaluation threshold and written for 'evaluate --dets'
        List<String> split = Files.readAllLines(TestRuns.data().resolve("ImageSets/Main/test.txt"));
        try (Stream<Path> files = Files.list(dets)) {
            assertEquals(split.size(), files.count());
        }
        assertTrue(DetectionFiles.readFolder(dets).values().stream().flatMap(List::stream)
                .allMatch(d -> d.score() >= 0.01f));
        assertTrue(r.err().contains("on " + split.size() + " images of "), r.err());
    }

    @Test
    void aClassMissingFromTheGroundTruthIsReportedNotAveraged() throws IOException {
        Path data = copyDataset(TestRuns.data(), tmp.resolve("no-stars"));
        for (String id : Files.readAllLines(data.resolve("ImageSets/Main/test.txt"))) {
            Path xml = data.resolve("Annotations").resolve(id + ".xml");
            VocAnnotation a = VocXml.read(xml);
            List<VocObject> kept = a.objects().stream().filter(o -> !o.name().equals("star")).toList();
            VocXml.write(new VocAnnotation(a.filename(), a.width(), a.height(), a.depth(), kept), xml);
        }
        CliRun r = CliRun.of("evaluate", "--run", TestRuns.stretch().toString(), "--data", data.toString(),
                "--json", "--iou", "0.3", "--method", "voc07");
        assertEquals(0, r.code(), r.err());
        JsonObject json = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertFalse(json.getAsJsonObject("ap").has("star"), json.toString());
        JsonObject star = json.getAsJsonObject("skipped").getAsJsonObject("star");
        assertEquals("no ground truth", star.get("reason").getAsString());
        assertTrue(star.get("detections").getAsInt() > 0, "the run does detect stars: " + star);
        assertMeanOf(json.getAsJsonObject("ap"), json.get("mAP").getAsDouble());
        assertEquals("voc07", json.get("method").getAsString());
        assertEquals(0.3, json.get("iou").getAsDouble());
        assertTrue(r.err().contains("warning: class 'star'"), r.err());

        CliRun text = CliRun.of("evaluate", "--run", TestRuns.stretch().toString(), "--data", data.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("warning: class 'star'") && text.out().contains("no ground truth, not in mAP"),
                text.out());
    }

    @Test
    void badRunOrDataAreOneLineErrors() throws IOException {
        CliRun noSplit = CliRun.of("evaluate", "--run", TestRuns.stretch().toString(), "--data",
                TestRuns.data().toString(), "--split", "nosuchsplit");
        assertEquals(1, noSplit.code());
        assertTrue(noSplit.errors().startsWith("jyolo evaluate: ") && noSplit.errors().contains("nosuchsplit"),
                noSplit.err());
        assertFalse(noSplit.errors().contains("\n"), noSplit.err());

        CliRun noRun = CliRun.of("evaluate", "--run", tmp.toString(), "--data", TestRuns.data().toString());
        assertEquals(1, noRun.code());
        assertEquals("jyolo evaluate: " + tmp + ": not a run folder (no config.json); create one with 'jyolo train'",
                noRun.errors().strip());

        assertEquals(2, CliRun.of("evaluate", "--run", "r", "--data", "d", "--gt", "g", "--dets", "x").code(),
                "two sources");
        assertEquals(2, CliRun.of("evaluate", "--run", "r").code(), "--data missing");
    }

    private static void assertMeanOf(JsonObject ap, double map) {
        double sum = 0;
        for (Map.Entry<String, com.google.gson.JsonElement> e : ap.entrySet()) {
            sum += e.getValue().getAsDouble();
        }
        assertEquals(sum / ap.size(), map, 1e-9, "mAP is the mean over the scored classes only");
    }

    private static Path copyDataset(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
