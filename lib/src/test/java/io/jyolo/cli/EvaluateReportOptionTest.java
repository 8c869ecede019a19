package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.eval.SharedData;
import io.jyolo.viz.EvaluationReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jyolo evaluate --report DIR} on map-toy's files: the chart PNGs land in DIR. */
class EvaluateReportOptionTest {

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
