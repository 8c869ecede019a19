package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.jyolo.data.Augmentation;
import io.jyolo.data.Batch;
import io.jyolo.data.DataLoader;
import io.jyolo.data.ResizeMode;
import io.jyolo.data.VocDataset;
import io.jyolo.engine.Engines;
import io.jyolo.loss.LossConfig;
import io.jyolo.loss.LossParts;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel steps on two CPU replicas ({@code cpu, cpu}) against one replica on the whole batch.
 *
 * <p>The network is Fast YOLO's convolutional variant at 64 px: no dropout (whose masks would be drawn per
 * replica), and a head without BatchNorm. Its backbone has BatchNorm, whose statistics are per replica, so two
 * replicas on an arbitrary batch train differently from one by design. The tests remove that difference in two
 * ways, each exact up to the order of float sums (tolerance {@value #TOLERANCE} on every weight after three SGD
 * steps with momentum):
 * <ul>
 *   <li>the whole network in training mode on a batch whose two halves hold the same images: each replica's
 *       batch statistics are then the full batch's, so the gradients must agree. Only BatchNorm's running
 *       variance may differ (it is kept unbiased, n / (n - 1), and n is halved), so it is left out;</li>
 *   <li>the backbone frozen (inference mode, running statistics) on an ordinary batch of five images split
 *       three and two: nothing trained depends on batch statistics, and the uneven shares check that each
 *       replica's loss is weighted by its share of the batch.</li>
 * </ul>
 */
class DataParallelStepTest {

    /**
     * The networks compute channels-last on a CPU ({@code ComputeLayout}), where libtorch's BatchNorm sums
     * its batch statistics in float row after row: a batch and its two halves then round differently, by up
     * to 6e-5 on a weight here (NCHW's pairwise sums stayed within 4e-6). A share weighted wrongly, or a
     * gradient added twice or not at all, is off by far more.
     */
    private static final double TOLERANCE = 2e-4;
    private static final List<Device> TWO_CPUS = List.of(Device.cpu(), Device.cpu());

    @TempDir
    static Path dir;
    static VocDataset train;

    @BeforeAll
    static void dataset() throws IOException {
        train = VocDataset.builder(TinyNetwork.shapes(dir.resolve("shapes"), 12)).split("train").build();
    }

    /** A network with seeded initial weights, its loss and an SGD optimizer, on its own manager. */
    private static final class Replicated implements AutoCloseable {
        final NDManager manager = NDManager.newBaseManager(Device.cpu());
        final ModelConfig model = ModelConfig.builder().architecture(Architecture.FAST_CONVOLUTIONAL).inputSize(128)
                .classes(train.classes().size()).build();
        final YoloNetwork network;
        final Optimizer sgd = Optimizer.sgd(manager, 0.9, 5e-4);
        final TrainingStep step;

        Replicated(List<Device> devices) {
            Engine.getInstance().setRandomSeed(5);
            network = YoloNetworks.create(model).initialize(manager);
            step = new TrainingStep(network, new YoloLoss(model.layout(), LossConfig.defaults()), sgd, manager, 11,
                    devices);
        }

        Map<String, float[]> weights() {
            Map<String, float[]> w = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : network.namedParameters().entrySet()) {
                w.put(e.getKey(), e.getValue().getArray().toFloatArray());
            }
            return w;
        }

        @Override
        public void close() {
            sgd.close();
            manager.close();
        }
    }

    private static Batch batch(int size) {
        ModelConfig model = ModelConfig.builder().architecture(Architecture.FAST_CONVOLUTIONAL).inputSize(128)
                .classes(train.classes().size()).build();
        try (DataLoader loader = DataLoader.builder(train, model.layout()).inputSize(128).batchSize(size)
                .shuffle(false).seed(1).augmentation(Augmentation.none()).resizeMode(ResizeMode.STRETCH).workers(1)
                .strict(true).build(); DataLoader.Epoch e = loader.epoch(1)) {
            return e.next();
        }
    }

    /** {@code b} followed by itself: two halves with the same images. */
    private static Batch twice(Batch b) {
        float[] images = new float[2 * b.images().length];
        System.arraycopy(b.images(), 0, images, 0, b.images().length);
        System.arraycopy(b.images(), 0, images, b.images().length, b.images().length);
        float[] targets = new float[2 * b.targets().length];
        System.arraycopy(b.targets(), 0, targets, 0, b.targets().length);
        System.arraycopy(b.targets(), 0, targets, b.targets().length, b.targets().length);
        List<String> ids = new ArrayList<>(b.ids());
        ids.addAll(b.ids().stream().map(id -> id + "'").toList());
        List<io.jyolo.data.Resize> geometries = new ArrayList<>(b.geometries());
        geometries.addAll(b.geometries());
        List<List<io.jyolo.data.InputBox>> boxes = new ArrayList<>(b.boxes());
        boxes.addAll(b.boxes());
        return new Batch(b.epoch(), images, targets, ids, geometries, boxes, b.inputSize(), b.layout());
    }

    private static void assertClose(Map<String, float[]> expected, Map<String, float[]> actual, String skipSuffix) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            if (skipSuffix != null && name.endsWith(skipSuffix)) {
                continue;
            }
            float[] e = expected.get(name);
            float[] a = actual.get(name);
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], TOLERANCE * Math.max(1, Math.abs(e[i])), name + "[" + i + "]");
            }
        }
    }

    @Test
    void twoCpuReplicasTrainTheWholeNetworkAsOneWhenTheirBatchStatisticsAgree() {
        Engines.disableGradientsOnThisThread();
        Batch half = batch(2);
        Batch b = twice(half);
        try (Replicated full = new Replicated(List.of(Device.cpu()));
             Replicated halfOnly = new Replicated(List.of(Device.cpu()));
             Replicated two = new Replicated(TWO_CPUS)) {
            Map<String, float[]> before = full.weights();
            for (int i = 0; i < 3; i++) {
                LossParts l1 = full.step.run(b, 1e-3, i, null);
                LossParts l2 = two.step.run(b, 1e-3, i, null);
                halfOnly.step.run(half, 1e-3, i, null);
                assertEquals(l1.total(), l2.total(), TOLERANCE * Math.max(1, l1.total()), "loss of step " + i);
                assertEquals(l1.iouSum(), l2.iouSum(), 1e-4, "IoU sum of step " + i);
                assertEquals(l1.objectCount(), l2.objectCount(), "objects of step " + i);
            }
            System.out.printf("two replicas vs one on the full batch, max weight difference: %.3g%n",
                    maxDifference(full.weights(), two.weights(), "runningVar"));
            assertClose(full.weights(), two.weights(), "runningVar");
            // each replica computed what one network does on one half, and halving the two halves' gradients
            // then adding them is exact in float: the same bits, running statistics included
            Map<String, float[]> h = halfOnly.weights();
            two.weights().forEach((name, w) -> assertArrayEquals(h.get(name), w, name));
            assertTrue(NetworkWeights.maxDifference(before, full.weights()) > 1e-3, "the steps moved the weights");
        }
    }

    private static double maxDifference(Map<String, float[]> a, Map<String, float[]> b, String skipSuffix) {
        double max = 0;
        for (String name : a.keySet()) {
            if (!name.endsWith(skipSuffix)) {
                for (int i = 0; i < a.get(name).length; i++) {
                    max = Math.max(max, Math.abs(a.get(name)[i] - b.get(name)[i]));
                }
            }
        }
        return max;
    }

    @Test
    void twoCpuReplicasWithAFrozenBackboneTrainAsOneOnUnevenShares() {
        Engines.disableGradientsOnThisThread();
        Batch b = batch(5);
        try (Replicated one = new Replicated(List.of(Device.cpu())); Replicated two = new Replicated(TWO_CPUS)) {
            Map<String, float[]> before = one.weights();
            for (int i = 0; i < 3; i++) {
                LossParts l1 = one.step.run(b, 1e-3, i, true, null);
                LossParts l2 = two.step.run(b, 1e-3, i, true, null);
                assertEquals(l1.total(), l2.total(), TOLERANCE * Math.max(1, l1.total()), "loss of step " + i);
            }
            System.out.printf("frozen backbone, 3 + 2 images, max weight difference: %.3g%n",
                    NetworkWeights.maxDifference(one.weights(), two.weights()));
            assertClose(one.weights(), two.weights(), null);
            assertTrue(NetworkWeights.maxDifference(before, one.weights()) > 1e-4, "the steps moved the head");
        }
    }

    @Test
    void aBatchIsCutIntoConsecutiveSharesAndAReplicaStepKeepsNativeMemoryFlat() {
        Engines.disableGradientsOnThisThread();
        Batch b = batch(5);
        List<Batch> shares = TrainingStep.shares(b, 2);
        assertEquals(List.of(3, 2), shares.stream().map(Batch::size).toList());
        assertEquals(b.ids(), shares.stream().flatMap(s -> s.ids().stream()).toList());
        try (Replicated two = new Replicated(TWO_CPUS)) {
            DeviceLossTotals sums = new DeviceLossTotals(two.manager, LossTotals.fromMap(Map.of()));
            Batch single = batch(1); // fewer images than replicas: one replica
            two.step.run(b, 1e-3, 0, null, sums);
            two.step.run(single, 1e-3, 1, true, null, sums);
            int arrays = ((BaseNDManager) two.manager).getManagedArrays().size();
            two.step.run(b, 1e-3, 2, null, sums);
            two.step.run(single, 1e-3, 3, true, null, sums);
            assertEquals(arrays, ((BaseNDManager) two.manager).getManagedArrays().size());
            assertEquals(12, sums.read().images());
            sums.close();
        }
    }
}
