package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.ProblemKind;
import io.jyolo.data.SeededProblems;
import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aSeededFolderExitsOneNamingEveryProblemWithItsFile() throws Exception {
        Path root = tmp.resolve("seeded");
        Map<ProblemKind, String> where = SeededProblems.create(root);
        CliRun r = CliRun.of("dataset", "check", root.toString());
        assertEquals(1, r.code(), r.err());
        for (ProblemKind kind : ProblemKind.values()) {
            assertTrue(r.out().contains(kind.label() + " (1), e.g.:"), kind + "\n" + r.out());
            assertTrue(r.out().contains(where.get(kind)), kind + ": " + where.get(kind));
        }
        assertTrue(r.out().contains("verdict: training would skip 7 image(s) and 4 object(s)"), r.out());
    }

    @Test
    void theCleanDemoDatasetExitsZero() throws Exception {
        Path data = tmp.resolve("shapes");
        SyntheticShapes.generate(SynthConfig.builder(data).count(30).imageSize(96).seed(3).threads(1).build());
        CliRun r = CliRun.of("dataset", "check", data.toString(), "--split", "train");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("verdict: clean"), r.out());
        assertTrue(r.out().contains("grid S=7"), r.out());
    }

    @Test
    void badOptionsAreOneLineAndExitTwo() {
        CliRun r = CliRun.of("dataset", "check", tmp.resolve("absent").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is not a folder"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
