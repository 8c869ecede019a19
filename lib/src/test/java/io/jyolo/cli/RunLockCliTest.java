package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.notebook.TinyRuns;
import io.jyolo.run.Checkpoints;
import io.jyolo.run.RunFolder;
import io.jyolo.run.RunLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code jyolo train} processes on one run folder: the first, a JVM of its own, trains; the
 * second, started while the first holds the run lock, exits 1 with one line naming the first's pid
 * and host, and leaves the first's run whole.
 */
class RunLockCliTest {

    private static final int EPOCHS = 8;

    @TempDir
    Path dir;

    @Test
    void aSecondTrainOnTheSameRunExitsNamingTheFirst() throws Exception {
        Path data = TinyRuns.dataset(dir.resolve("data"));
        Path run = dir.resolve("run");
        Path log = dir.resolve("first.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args(data, run));
        Process first = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String holder = first.pid() + " ";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!lockNames(run, holder) && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(lockNames(run, holder), "the first process never took the lock: " + Files.readString(log));

            CliRun second = CliRun.of(args(data, run).toArray(String[]::new));

            assertEquals(1, second.code(), second.err());
            assertTrue(second.err().startsWith("jyolo train: " + run + " is being trained by pid " + first.pid()
                    + " on host " + RunLock.Holder.self().host() + " (since "), second.err());
            assertEquals(1, second.err().lines().count(), second.err());
            assertTrue(first.waitFor(5, TimeUnit.MINUTES), "the first process did not finish");
            assertEquals(0, first.exitValue(), Files.readString(log));
        } finally {
            first.destroyForcibly();
        }
        Checkpoints.Loaded last = Checkpoints.newestGood(new RunFolder(run).checkpoints(), new ArrayList<>())
                .orElseThrow();
        assertEquals(EPOCHS, last.meta().epoch(), "the first run reached its last epoch");
    }

    private static boolean lockNames(Path run, String holder) throws Exception {
        Path file = run.resolve(RunLock.FILE);
        return Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).startsWith(holder);
    }

    private static List<String> args(Path data, Path run) {
        return List.of("train", "--data", data.toString(), "--run", run.toString(), "--network", "fast", "--size", "64",
                "--epochs", String.valueOf(EPOCHS), "--batch", "4", "--limit", "8", "--workers", "1",
                "--schedule", "constant", "--val-split", "none");
    }
}
