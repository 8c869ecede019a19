package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import io.jyolo.data.VocDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShrinkCommandTest {

    @TempDir
    Path tmp;

    @Test
    void shrinksTheDemoDatasetIntoATrainableCopy() throws Exception {
        Path data = tmp.resolve("shapes");
        SyntheticShapes.generate(SynthConfig.builder(data).count(12).imageSize(160).seed(3).threads(1).build());
        Path copy = tmp.resolve("small");
        CliRun r = CliRun.of("dataset", "shrink", data.toString(), copy.toString(), "--max-side", "64");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith(copy + ": 12 images (12 shrunk, 0 copied), 0 skipped"), r.out());
        assertTrue(r.err().contains("shrink: 12 of 12 images"), r.err());
        VocDataset ds = VocDataset.open(copy, "train");
        assertTrue(ds.size() > 0 && ds.skipped().isEmpty(), ds.toString());
        assertEquals(64, ds.samples().get(0).width());
        assertTrue(Files.isRegularFile(copy.resolve("ImageSets/Main/train.txt")));
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() throws Exception {
        CliRun absent = CliRun.of("dataset", "shrink", tmp.resolve("absent").toString(), tmp.resolve("out").toString());
        assertEquals(2, absent.code());
        assertTrue(absent.err().contains("is not a folder"), absent.err());
        assertEquals(1, absent.err().strip().lines().count(), absent.err());
        Files.createDirectories(tmp.resolve("src"));
        CliRun tiny = CliRun.of("dataset", "shrink", tmp.resolve("src").toString(), tmp.resolve("out").toString(),
                "--max-side", "10");
        assertEquals(2, tiny.code());
        assertTrue(tiny.err().contains("--max-side must be at least 32, got 10"), tiny.err());
    }
}
