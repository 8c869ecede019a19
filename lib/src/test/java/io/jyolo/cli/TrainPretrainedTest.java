package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.detect.TestRuns;
import io.jyolo.weights.DarknetBackbone;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jyolo train --pretrained}: the backbone starts from the file and the run records it. */
class TrainPretrainedTest {

    /** A darknet file of {@code floats} small positive values after a 0.2.0 header. */
    private static Path darknetFile(Path file, long floats) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(20 + Math.toIntExact(floats) * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(0).putInt(2).putInt(0).putLong(0);
        Random random = new Random(1);
        while (bytes.hasRemaining()) {
            bytes.putFloat(0.01f + 0.01f * random.nextFloat());
        }
        return Files.write(file, bytes.array());
    }

    @Test
    void trainsFromADarknetBackboneAndRecordsIt(@TempDir Path tmp) throws IOException {
        Path weights = darknetFile(tmp.resolve("yolov1-tiny.weights"), DarknetBackbone.YOLOV1_TINY.floats());
        Path run = tmp.resolve("run");
        CliRun r = CliRun.of("train", "--data", TestRuns.data().toString(), "--run", run.toString(), "--network",
                "fast-conv", "--size", "64", "--epochs", "1", "--batch", "4", "--limit", "8", "--pretrained",
                weights.toString());
        assertEquals(0, r.code(), r.err());
        String recorded = Files.readString(run.resolve("pretrained.txt"));
        assertTrue(recorded.startsWith("loaded 8 yolov1-tiny convolutions of " + weights), recorded);
        assertTrue(r.out().contains(recorded.strip()), r.out());
    }

    @Test
    void aFileThatDoesNotFitIsOneLineAndNoTraining(@TempDir Path tmp) throws IOException {
        Path weights = darknetFile(tmp.resolve("cut.weights"), 1000);
        CliRun r = CliRun.of("train", "--data", TestRuns.data().toString(), "--run", tmp.resolve("run").toString(),
                "--network", "fast", "--size", "64", "--epochs", "1", "--pretrained", weights.toString());
        assertTrue(r.code() != 0);
        assertTrue(r.errors().startsWith("jyolo train: " + weights + ": ends in convolution 2 (32x16x3x3)"),
                r.errors());
        assertFalse(r.errors().strip().contains("\n\tat "), "no stack trace");
    }
}
