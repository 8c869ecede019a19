package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {

    @TempDir
    Path dir;

    /** Exit code and captured output of one CLI call. */
    private record Result(int code, String out, String err) {
        String firstErrLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Result synth(Path out, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "dataset";
        args[1] = "synth";
        args[2] = "--out";
        args[3] = out.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return run(args);
    }

    @Test
    void generatesAndPrintsAOneLineSummary() throws IOException {
        Path out = dir.resolve("shapes");
        Result r = synth(out, "--count", "12", "--size", "64", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        String line = r.out().strip();
        assertTrue(line.startsWith("synth: 12 images (train 8, val 2, test 2)"), line);
        for (String cls : new String[] {"circle ", "square ", "triangle ", "star ", "hexagon "}) {
            assertTrue(line.contains(cls), line);
        }
        assertTrue(line.matches(".* \\d+\\.\\d\\d s"), line);
        assertEquals(12, countFiles(out.resolve("JPEGImages")));
        assertEquals(12, countFiles(out.resolve("Annotations")));
        assertTrue(Files.readString(out.resolve("NOTICE.md")).contains("--count 12 --size 64 --seed 3"));
    }

    @Test
    void nonsenseOptionsExitWithCode2AndAOneLineReason() {
        Path out = dir.resolve("never");
        expectUsageError(synth(out, "--count", "0"), "image count must be between 1");
        expectUsageError(synth(out, "--count", "-4"), "image count must be between 1");
        expectUsageError(synth(out, "--count", "many"), "--count");
        expectUsageError(synth(out, "--size", "0"), "image size must be between 32 and 2048");
        expectUsageError(synth(out, "--size", "16"), "image size must be between 32 and 2048");
        expectUsageError(synth(out, "--size", "4096"), "image size must be between 32 and 2048");
        expectUsageError(synth(out, "--fractions", "0.5,0.3,0.3"), "split fractions must sum to 1");
        expectUsageError(synth(out, "--fractions", "0.8,0.2"), "--fractions needs three values");
        expectUsageError(run("dataset", "synth", "--count", "5"), "--out");
        assertTrue(Files.notExists(out), "nothing written on a usage error");
    }

    private static void expectUsageError(Result r, String reason) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.firstErrLine().contains(reason), r.firstErrLine());
        assertEquals("", r.out());
    }

    @Test
    void refusesANonEmptyFolderWithoutForce() throws IOException {
        Path out = dir.resolve("busy");
        Files.createDirectories(out);
        Files.writeString(out.resolve("thesis.tex"), "mine");
        expectUsageError(synth(out, "--count", "3", "--size", "64"), "is not empty; pass --force");
        assertEquals("mine", Files.readString(out.resolve("thesis.tex")));
        Path file = dir.resolve("afile");
        Files.writeString(file, "x");
        expectUsageError(synth(file, "--count", "3"), "is a file, not a folder");
    }

    @Test
    void forceReplacesAGeneratedDataset() throws IOException {
        Path out = dir.resolve("shapes");
        assertEquals(0, synth(out, "--count", "6", "--size", "48").code());
        expectUsageError(synth(out, "--count", "3", "--size", "48"), "not empty");
        Result r = synth(out, "--count", "3", "--size", "48", "--force");
        assertEquals(0, r.code(), r.err());
        assertEquals(3, countFiles(out.resolve("JPEGImages")), "the old images are gone");
        assertEquals(3, countFiles(out.resolve("Annotations")));
    }

    @Test
    void ifChangedKeepsTheSameDatasetAndReplacesADifferentOne() throws IOException {
        Path out = dir.resolve("shapes");
        assertEquals(0, synth(out, "--count", "6", "--size", "48", "--if-changed").code());
        long stamp = Files.getLastModifiedTime(out.resolve("NOTICE.md")).toMillis();
        Result same = synth(out, "--count", "6", "--size", "48", "--if-changed");
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("already holds this dataset"), same.out());
        assertEquals(stamp, Files.getLastModifiedTime(out.resolve("NOTICE.md")).toMillis(), "nothing rewritten");
        Result other = synth(out, "--count", "3", "--size", "48", "--objects", "2", "--if-changed");
        assertEquals(0, other.code(), other.err());
        assertEquals(3, countFiles(out.resolve("JPEGImages")), "regenerated with the new options");
        assertTrue(Files.readString(out.resolve("NOTICE.md")).contains("--count 3 --size 48"));
        assertTrue(Files.readString(out.resolve("NOTICE.md")).contains("--objects 2"));
    }

    @Test
    void forceRefusesToDeleteWhatTheGeneratorDidNotWrite() throws IOException {
        Path foreign = dir.resolve("photos");
        Files.createDirectories(foreign.resolve("JPEGImages"));
        Files.writeString(foreign.resolve("JPEGImages").resolve("holiday.jpg"), "not ours");
        Result r = synth(foreign, "--count", "3", "--size", "48", "--force");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.firstErrLine().contains("will not delete"), r.err());
        assertTrue(Files.exists(foreign.resolve("JPEGImages").resolve("holiday.jpg")));

        Path generated = dir.resolve("shapes");
        assertEquals(0, synth(generated, "--count", "4", "--size", "48").code());
        Path stray = generated.resolve("my-notes.md");
        Files.writeString(stray, "mine");
        Result r2 = synth(generated, "--count", "3", "--size", "48", "--force");
        assertEquals(1, r2.code(), r2.err());
        assertTrue(r2.firstErrLine().contains("'my-notes.md' was not written by the generator"), r2.err());
        assertEquals(4, countFiles(generated.resolve("JPEGImages")), "nothing deleted");
        assertTrue(Files.exists(stray));
    }

    private static long countFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }
}
