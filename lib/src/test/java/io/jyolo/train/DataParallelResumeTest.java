package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.Augmentation;
import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import io.jyolo.model.Architecture;
import io.jyolo.run.CheckpointPolicy;
import io.jyolo.run.LrSchedule;
import io.jyolo.run.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints do not depend on the number of replicas: a run trained on two CPU replicas ({@code cpu,cpu})
 * resumes on one, and the reverse, and a data-parallel run resumes exactly on its own devices.
 *
 * <p>A resume across replica counts restores the checkpoint's weights to the bit (asserted); what it then
 * trains can only be compared with a single-device run within the data-parallel tolerance of
 * {@link TrainingStep} (1e-5 here), since one and two replicas add their float sums in different orders. For
 * that comparison the network is Fast YOLO's convolutional variant with its backbone frozen for the whole run:
 * no dropout and no BatchNorm in training mode, so two replicas train as one does; a resume that lost the
 * momentum, the schedule position or the data order would be off by far more.
 */
class DataParallelResumeTest {

    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path shared;
    static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void dataset() throws IOException {
        data = shared.resolve("shapes");
        SyntheticShapes.generate(SynthConfig.builder(data).count(20).imageSize(64).seed(3).maxObjects(3).build());
    }

    /** 12 images, batches of 4 (shares of 2 on two replicas): 3 steps per epoch, 2 epochs, SGD with momentum. */
    private static TrainConfig config(String devices, boolean frozen) {
        return TrainConfig.builder(data.toString()).network(Architecture.FAST_CONVOLUTIONAL, 64).batchSize(4)
                .limitTrain(12).epochs(2).learningRate(1e-3).schedule(LrSchedule.constant(1e-3)).momentum(0.9)
                .augmentation(Augmentation.paper()).validateEvery(0).checkpoints(CheckpointPolicy.every(1))
                .saveEverySeconds(0).workers(1).seed(11).freezeBackbone(frozen ? 2 : 0).devices(devices).build();
    }

    /** The weights a run ends with, trained straight through. */
    private Map<String, float[]> straight(String name, TrainConfig config) throws IOException {
        try (Trainer t = Trainer.create(config, dir.resolve(name))) {
            assertEquals(TrainingResult.Status.COMPLETED, t.fit().status());
            return NetworkWeights.of(t);
        }
    }

    /**
     * The weights a run ends with when interrupted in epoch {@code epoch} after batch {@code batch} (0: at its
     * end) and resumed on {@code resumeOn}; the resumed trainer must start from the saved weights exactly.
     */
    private Map<String, float[]> resumed(String name, TrainConfig config, int epoch, int batch, String resumeOn)
            throws IOException {
        Path run = dir.resolve(name);
        Map<String, float[]> saved;
        try (Trainer t = Trainer.create(config, run)) {
            assertEquals(TrainingResult.Status.INTERRUPTED, t.fit(TrainerTest.interruptAt(epoch, batch)).status());
            saved = NetworkWeights.of(t);
        }
        try (Trainer t = Trainer.resume(run, null, resumeOn)) {
            assertEquals(resumeOn, t.config().device());
            assertEquals(0.0, NetworkWeights.maxDifference(saved, NetworkWeights.of(t)), name + ": restored weights");
            assertEquals(TrainingResult.Status.COMPLETED, t.fit().status());
            Map<String, float[]> end = NetworkWeights.of(t);
            assertTrue(NetworkWeights.maxDifference(saved, end) > 1e-5, name + ": the resumed run trained");
            return end;
        }
    }

    @Test
    void aRunOnTwoReplicasResumesOnOneAndTheReverse() throws IOException {
        Map<String, float[]> oneDevice = straight("one", config("cpu", true));

        double twoToOne = NetworkWeights.maxDifference(oneDevice, resumed("2to1", config("cpu,cpu", true), 1, 0, "cpu"));
        double oneToTwo = NetworkWeights.maxDifference(oneDevice,
                resumed("1to2", config("cpu", true), 1, 2, "cpu,cpu"));
        System.out.printf("against one device throughout: 2 -> 1 replicas %.3g, 1 -> 2 replicas %.3g%n", twoToOne,
                oneToTwo);
        assertTrue(twoToOne < TOLERANCE, "two replicas, resumed on one, differ by " + twoToOne);
        assertTrue(oneToTwo < TOLERANCE, "one replica, resumed on two mid-epoch, differs by " + oneToTwo);
    }

    @Test
    void aDataParallelRunResumesExactlyOnItsOwnReplicas() throws IOException {
        // the whole network trains, BatchNorm per replica: two replicas differ from one, but not from themselves
        TrainConfig oneEpoch = config("cpu,cpu", false).toBuilder().epochs(1).limitTrain(8).build(); // two steps
        Map<String, float[]> straight = straight("straight", oneEpoch);
        double diff = NetworkWeights.maxDifference(straight, resumed("mid", oneEpoch, 1, 1, "cpu,cpu"));
        assertEquals(0.0, diff, "a mid-epoch resume on the same two replicas");
    }
}
