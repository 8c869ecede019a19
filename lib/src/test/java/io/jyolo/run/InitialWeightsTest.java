package io.jyolo.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting weights from another run's checkpoint ({@code --init-from}) match by name and shape and
 * say what they left out; resuming ({@link Checkpoints.Loaded#restoreParameters}) refuses any shape
 * difference. The checkpoints are written here from freshly initialised networks: no training needed.
 */
class InitialWeightsTest {

    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static ModelConfig model(Architecture architecture, int size, int classes) {
        return ModelConfig.builder().architecture(architecture).inputSize(size).classes(classes).build();
    }

    /** A checkpoint of a freshly initialised {@code model}, as a run folder would hold it. */
    private Path checkpoint(Path runDir, ModelConfig model, String name) throws IOException {
        YoloNetwork net = YoloNetworks.create(model).initialize(manager);
        TrainConfig config = TrainConfig.builder(dir.toString()).model(model).build();
        CheckpointMeta meta = new CheckpointMeta(7, 0, 70, 1, config.toJson(),
                IntStream.range(0, model.classes()).mapToObj(i -> "class" + i).toList(),
                Double.NaN, Map.of(), 1L);
        Path file = new RunFolder(runDir).checkpoints().resolve(name);
        Checkpoints.write(file, meta, net, null, manager);
        return file;
    }

    @Test
    void aHeadForAnotherClassCountStartsAfreshAndTheRestIsTaken() throws IOException {
        Path source = checkpoint(dir.resolve("a"), model(Architecture.FAST_CONVOLUTIONAL, 64, 3), "last.ckpt");
        YoloNetwork source2 = YoloNetworks.create(model(Architecture.FAST_CONVOLUTIONAL, 64, 3)).initialize(manager);
        Checkpoints.read(source).restoreParameters(source2, manager);

        YoloNetwork target = YoloNetworks.create(model(Architecture.FAST_CONVOLUTIONAL, 64, 5)).initialize(manager);
        float[] freshHead = target.namedParameters().get("head/predict/weight").getArray().toFloatArray();
        InitialWeights w = InitialWeights.load(InitialWeights.resolve(dir.resolve("a")), target, manager);

        Map<String, Parameter> theirs = source2.namedParameters();
        Map<String, Parameter> mine = target.namedParameters();
        assertEquals(mine.size() - 2, w.copied(), w.message());
        assertEquals(2, w.reshaped().size(), w.message());
        assertTrue(w.missing().isEmpty());
        for (Map.Entry<String, Parameter> p : mine.entrySet()) {
            if (p.getKey().startsWith("head/predict/")) {
                continue;
            }
            assertArrayEquals(theirs.get(p.getKey()).getArray().toFloatArray(), p.getValue().getArray().toFloatArray(),
                    p.getKey());
        }
        assertArrayEquals(freshHead, mine.get("head/predict/weight").getArray().toFloatArray(),
                "the reshaped head keeps its fresh initialisation");
        assertEquals("init-from " + source + " (epoch 7): took " + w.copied() + " of " + mine.size()
                + " parameters; 2 freshly initialised because their shapes differ (another class count or input"
                + " size): head/predict/weight 13x256x1x1 there, 15x256x1x1 here, head/predict/bias 13 there, 15 here",
                w.message());
    }

    @Test
    void aRunFolderStandsForItsBestCheckpointElseItsLast() throws IOException {
        Path run = dir.resolve("r");
        Path last = checkpoint(run, model(Architecture.FAST_CONVOLUTIONAL, 64, 2), "last.ckpt");
        assertEquals(last, InitialWeights.resolve(run));
        Path best = checkpoint(run, model(Architecture.FAST_CONVOLUTIONAL, 64, 2), "best.ckpt");
        assertEquals(best, InitialWeights.resolve(run));
        assertEquals(last, InitialWeights.resolve(last));
        IOException none = assertThrows(IOException.class, () -> InitialWeights.resolve(dir.resolve("nothing")));
        assertTrue(none.getMessage().startsWith(dir.resolve("nothing") + ": --init-from needs a run folder"));
        Files.createDirectories(dir.resolve("empty"));
        assertEquals(dir.resolve("empty") + ": no checkpoints/best.ckpt or checkpoints/last.ckpt to start from",
                assertThrows(IOException.class, () -> InitialWeights.resolve(dir.resolve("empty"))).getMessage());
    }

    @Test
    void nothingInCommonIsAnErrorNamingTheFile() throws IOException {
        Path source = checkpoint(dir.resolve("a"), model(Architecture.FAST, 64, 2), "last.ckpt");
        YoloNetwork target = YoloNetworks.create(model(Architecture.RESNET18, 64, 2)).initialize(manager);
        IOException e = assertThrows(IOException.class, () -> InitialWeights.load(source, target, manager));
        assertEquals(source + ": not one parameter of this RESNET18 matches the checkpoint's FAST by name and shape;"
                + " nothing to start from", e.getMessage());
    }

    /**
     * Bug fixed: a checkpoint of FAST at 64 px restored into FAST at 128 px used to load (DJL replaces
     * each array whatever its shape) and fail only at the first forward pass.
     */
    @Test
    void resumingIntoAnotherInputSizeFailsNamingTheParameterAndBothShapes() throws IOException {
        Path source = checkpoint(dir.resolve("a"), model(Architecture.FAST, 64, 2), "last.ckpt");
        YoloNetwork target = YoloNetworks.create(model(Architecture.FAST, 128, 2)).initialize(manager);
        IOException e = assertThrows(IOException.class,
                () -> Checkpoints.read(source).restoreParameters(target, manager));
        assertTrue(e.getMessage().startsWith(source + ": parameter "), e.getMessage());
        assertTrue(e.getMessage().contains("has shape (12, 256) in the checkpoint but (48, 1024) in this network"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        // the lenient start takes the backbone and leaves the fully-connected layer fresh
        YoloNetwork again = YoloNetworks.create(model(Architecture.FAST, 128, 2)).initialize(manager);
        InitialWeights w = InitialWeights.load(source, again, manager);
        assertEquals(2, w.reshaped().size(), w.message());
        assertTrue(w.reshaped().get(0).startsWith("head/fc/"), w.message());
    }
}
