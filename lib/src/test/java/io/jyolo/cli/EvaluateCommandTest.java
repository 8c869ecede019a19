package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.eval.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateCommandTest {

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new EvaluateCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static double jsonNumber(String json, String regex) {
        Matcher m = Pattern.compile(regex + "\\s*([0-9.Ee+-]+)").matcher(json);
        assertTrue(m.find(), () -> regex + " not in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void mapToyElevenPointTable() {
        Path toy = SharedData.dataset("map-toy");
        Run r = run("--gt", toy.resolve("Annotations").toString(), "--dets", toy.resolve("detections").toString(),
                "--method", "voc07");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*\\bcat\\s+88\\.64\\s+12\\s+12\\s+11\\s+1\\b.*"), r.out());
        assertTrue(r.out().contains("mAP (11-point, IoU 0.50): 88.64 % over 1 class"), r.out());
    }

    @Test
    void mapToyJsonAtIou75() {
        Path toy = SharedData.dataset("map-toy");
        Run r = run("--gt", toy.resolve("Annotations").toString(), "--dets", toy.resolve("detections").toString(),
                "--iou", "0.75", "--json");
        assertEquals(0, r.code(), r.err());
        String json = r.out().strip();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertEquals(0.5097, jsonNumber(json, "\"mAP\":"), 1e-4);
        assertEquals(0.5097, jsonNumber(json, "\"ap\": \\{\"cat\":"), 1e-4);
        assertEquals(0.75, jsonNumber(json, "\"iou\":"), 1e-12);
        assertTrue(json.contains("\"method\": \"all\""), json);
    }

    @Test
    void classListAndPrChart() throws IOException {
        Path toy = SharedData.dataset("map-toy");
        Path classes = Files.writeString(tmp.resolve("classes.txt"), "# VOC subset\ndog\ncat\n");
        Path png = tmp.resolve("pr.png");
        Run r = run("--gt", toy.resolve("Annotations").toString(), "--dets", toy.resolve("detections").toString(),
                "--classes", classes.toString(), "--pr-chart", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("89.58"), r.out());
        assertTrue(r.out().contains("warning: class 'dog' (0 detections): no ground truth, not in mAP"), r.out());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void malformedDetectionsFailWithFileAndLine() throws IOException {
        Path toy = SharedData.dataset("map-toy");
        Path dets = Files.createDirectories(tmp.resolve("dets"));
        Files.writeString(dets.resolve("2007_000549.txt"), "cat 0.94 12 44 344 481\ncat 0.5 12 44\n");
        Run r = run("--gt", toy.resolve("Annotations").toString(), "--dets", dets.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("2007_000549.txt:2: expected 6 fields"), r.err());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, run("--gt", "x").code(), "--dets missing");
        assertEquals(2, run("--gt", "x", "--dets", "y", "--iou", "1.5").code());
        Run r = run("--gt", "x", "--dets", "y", "--method", "coco");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown AP method 'coco'"), r.err());
    }
}
