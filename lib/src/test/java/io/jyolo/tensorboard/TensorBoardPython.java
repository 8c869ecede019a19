package io.jyolo.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs TensorBoard's own Python code (the project environment's interpreter) for the interop tests. */
final class TensorBoardPython {

    private TensorBoardPython() {
    }

    /** The interpreter from -Djyolo.python; skips the calling test with a printed reason if absent. */
    static Path requirePython() {
        String property = System.getProperty("jyolo.python", "");
        String reason = null;
        if (property.isBlank() || property.startsWith("${")) {
            reason = "system property jyolo.python is not set";
        } else if (!Files.isExecutable(Path.of(property))) {
            reason = "jyolo.python=" + property + " is not an executable file";
        }
        if (reason != null) {
            System.out.println("SKIPPED TensorBoard interop test: " + reason
                    + " (pass -Djyolo.python=/abs/path/environment/venv/bin/python)");
        }
        Assumptions.assumeTrue(reason == null, reason);
        return Path.of(property);
    }

    /** The helper script in src/test/python. */
    static Path script() {
        Path base = Path.of(System.getProperty("basedir", "."));
        Path script = base.resolve("src/test/python/tb_events.py");
        if (!Files.exists(script)) {
            script = Path.of("lib/src/test/python/tb_events.py");
        }
        assertTrue(Files.exists(script), "helper script not found: " + script.toAbsolutePath());
        return script;
    }

    /** Runs {@code tb_events.py <mode> <dir>} and returns its output lines split at tabs. */
    static List<String[]> run(Path python, String mode, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tb-events-", ".out");
        Path err = Files.createTempFile("tb-events-", ".err");
        try {
            Process p = new ProcessBuilder(python.toString(), script().toString(), mode, dir.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tb_events.py " + mode + " did not finish within 60 s");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), () -> "tb_events.py " + mode + " failed:\n" + stderr);
            List<String[]> lines = new ArrayList<>();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (!line.isEmpty()) {
                    lines.add(line.split("\t", -1));
                }
            }
            return lines;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The lines of one kind and tag. */
    static List<String[]> select(List<String[]> lines, String kind, String tag) {
        return lines.stream().filter(l -> l[0].equals(kind) && l.length > 1 && l[1].equals(tag)).toList();
    }

    /** Parses a comma-separated list of Python float reprs. */
    static double[] doubles(String csv) {
        return csv.isEmpty() ? new double[0] : Arrays.stream(csv.split(",")).mapToDouble(TensorBoardPython::number).toArray();
    }

    /** Parses a Python float repr (inf, nan included). */
    static double number(String repr) {
        return switch (repr) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(repr);
        };
    }
}
