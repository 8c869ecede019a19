package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.jyolo.detect.TestRuns;
import io.jyolo.engine.Engines;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.ResNets;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import io.jyolo.weights.DarknetBackbone;
import io.jyolo.weights.SafetensorsWriter;
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
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"inputNormalization\": \"UNIT\""),
                "darknet's weights were trained on v / 255");
    }

    @Test
    void aResNetRunStartsFromTorchvisionWeightsKeepsImageNetNormalisationAndDetects(@TempDir Path tmp)
            throws IOException {
        Path weights = tmp.resolve("resnet18.safetensors");
        Engines.get();
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNetwork net = YoloNetworks.create(ModelConfig.builder().architecture(Architecture.RESNET18)
                    .inputSize(64).build()).initialize(manager);
            SafetensorsWriter writer = new SafetensorsWriter();
            ResNets.torchvisionParameters(net).forEach((name, parameter) -> writer.f32(name,
                    parameter.getArray().getShape().getShape(), parameter.getArray().toFloatArray()));
            writer.f32("fc.weight", new long[] {1000, 512}, new float[512_000]).write(weights);
        }
        Path run = tmp.resolve("run");
        CliRun train = CliRun.of("train", "--data", TestRuns.data().toString(), "--run", run.toString(), "--network",
                "resnet18", "--size", "64", "--epochs", "1", "--batch", "4", "--limit", "8", "--pretrained",
                weights.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.readString(run.resolve("pretrained.txt")).startsWith("loaded 100 torchvision tensors of "
                + weights + " into the RESNET18 backbone (1 ignored"));
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"inputNormalization\": \"IMAGENET\""));

        Path out = tmp.resolve("detections");
        CliRun detect = CliRun.of("detect", "--run", run.toString(), "--input",
                TestRuns.data().resolve("JPEGImages").toString(), "--out", out.toString(), "--threshold", "0");
        assertEquals(0, detect.code(), detect.err());
        assertTrue(Files.list(out).findAny().isPresent(), "detections written");
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
