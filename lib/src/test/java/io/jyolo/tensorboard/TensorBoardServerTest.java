package io.jyolo.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real TensorBoard server on a resumed run, asked for a scalar curve over its HTTP data API. */
class TensorBoardServerTest {

    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final Pattern POINT = Pattern.compile("\\[\\s*([^\\[\\],\\s]+)\\s*,\\s*([^\\[\\],\\s]+)\\s*,\\s*([^\\[\\],\\s]+)\\s*\\]");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path logDir;

    @Test
    void serverShowsOneValuePerStepOfAResumedRun() throws Exception {
        Path python = TensorBoardPython.requirePython();
        ResumeScenario.firstRun(logDir);
        ResumeScenario.fixedResume(logDir);

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path output = Files.createTempFile("tensorboard-", ".log");
        Process server = new ProcessBuilder(python.toString(), "-m", "tensorboard.main", "--logdir", logDir.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String base = "http://127.0.0.1:" + port;
            List<String> runs = List.of();
            List<double[]> points = List.of();
            while (System.nanoTime() < deadline && server.isAlive()) {
                try {
                    runs = strings(get(http, base + "/data/runs"));
                    if (runs.size() == 1) {
                        points = scalars(http, base, runs.get(0), ResumeScenario.LOSS);
                        if (points.size() >= ResumeScenario.RESUMED_UNTIL) {
                            break;
                        }
                    }
                } catch (IOException notUpYet) {
                    // the server is still starting
                }
                Thread.sleep(250);
            }
            String log = Files.readString(output);
            List<String> finalRuns = runs;
            assertEquals(1, runs.size(), () -> "runs " + finalRuns + "; server output:\n" + log);
            assertEquals(ResumeScenario.RESUMED_UNTIL, points.size(), () -> "server output:\n" + log);
            for (int epoch = 1; epoch <= ResumeScenario.RESUMED_UNTIL; epoch++) {
                double[] p = points.get(epoch - 1); // wall time, step, value
                assertEquals(epoch, (long) p[1]);
                float expected = epoch <= ResumeScenario.CHECKPOINT ? ResumeScenario.firstRunLoss(epoch)
                        : ResumeScenario.resumedLoss(epoch);
                assertEquals(expected, (float) p[2], "epoch " + epoch);
            }
            // Without the purge, TensorBoard's data server would still show 201..233 of a tag the
            // resumed code no longer logs: it only replaces steps of tags that are logged again.
            assertEquals(steps(1, ResumeScenario.CHECKPOINT),
                    scalars(http, base, runs.get(0), ResumeScenario.MISSPELT).stream().map(p -> (long) p[1]).toList());
            assertEquals(steps(ResumeScenario.CHECKPOINT + 1, ResumeScenario.RESUMED_UNTIL),
                    scalars(http, base, runs.get(0), ResumeScenario.CONFIDENCE).stream().map(p -> (long) p[1]).toList());
        } finally {
            stop(server);
            Files.deleteIfExists(output);
        }
        assertTrue(System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(15), "bounded in time");
    }

    private static List<double[]> scalars(HttpClient http, String base, String run, String tag)
            throws IOException, InterruptedException {
        return points(get(http, base + "/data/plugin/scalars/scalars?run=" + URLEncoder.encode(run, StandardCharsets.UTF_8)
                + "&tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8)));
    }

    private static List<Long> steps(long first, long last) {
        return java.util.stream.LongStream.rangeClosed(first, last).boxed().toList();
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static List<String> strings(String json) {
        List<String> out = new ArrayList<>();
        Matcher m = STRING.matcher(json);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<double[]> points(String json) {
        List<double[]> out = new ArrayList<>();
        Matcher m = POINT.matcher(json);
        while (m.find()) {
            out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3))});
        }
        return out;
    }

    /** Stops the server and the data server it spawned (only processes this test started). */
    private static void stop(Process server) throws InterruptedException {
        List<ProcessHandle> children = server.descendants().toList();
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroy();
            }
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
    }
}
