package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import io.jyolo.data.Batch;
import io.jyolo.data.DataLoader;
import io.jyolo.data.VocDataset;
import io.jyolo.engine.Engines;
import io.jyolo.engine.HostReads;
import io.jyolo.loss.LossParts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One optimizer step: it learns, it frees what it allocates, it shows its gradients, it reads nothing from the device. */
class TrainingStepTest {

    @TempDir
    static Path dir;
    static VocDataset train;

    @BeforeAll
    static void dataset() throws IOException {
        Path data = TinyNetwork.shapes(dir.resolve("shapes"), 12);
        train = VocDataset.builder(data).split("train").build();
    }

    private static List<Batch> batches(TinyNetwork n, int count) {
        List<Batch> out = new ArrayList<>();
        try (DataLoader loader = n.loader(train, 4, true); DataLoader.Epoch e = loader.epoch(1)) {
            for (Batch b : e) {
                if (out.size() < count) {
                    out.add(b);
                }
            }
        }
        return out;
    }

    private static float[] first(TinyNetwork n) {
        return n.network.getParameters().get(0).getValue().getArray().toFloatArray();
    }

    @Test
    void repeatedStepsOnOneBatchLowerItsLossAndKeepNativeMemoryFlat() {
        Engines.disableGradientsOnThisThread();
        try (TinyNetwork n = new TinyNetwork(train.classes().size());
             Optimizer adam = Optimizer.adam(n.manager, 0.9, 0.999, 1e-8, 0)) {
            TrainingStep step = n.step(adam);
            Batch b = batches(n, 1).get(0);
            LossParts firstLoss = step.run(b, 1e-3, 0, null);
            assertTrue(Double.isFinite(firstLoss.total()), "loss " + firstLoss.total());
            int arrays = ((BaseNDManager) n.manager).getManagedArrays().size();
            LossParts last = firstLoss;
            for (int i = 1; i < 6; i++) {
                last = step.run(b, 1e-3, i, null);
                assertEquals(arrays, ((BaseNDManager) n.manager).getManagedArrays().size(), "arrays after step " + i);
            }
            assertTrue(last.total() < firstLoss.total(), firstLoss.total() + " -> " + last.total());
        }
    }

    @Test
    void theObserverSeesTheGradientsBeforeTheUpdate() {
        Engines.disableGradientsOnThisThread();
        try (TinyNetwork n = new TinyNetwork(train.classes().size());
             Optimizer sgd = Optimizer.sgd(n.manager, 0.9, 0)) {
            TrainingStep step = n.step(sgd);
            float[] before = first(n);
            boolean[] seen = {false};
            step.run(batches(n, 1).get(0), 1e-3, 0, () -> {
                NDArray w = n.network.getParameters().get(0).getValue().getArray();
                assertTrue(w.hasGradient());
                assertTrue(w.getGradient().abs().sum().getFloat() > 0, "a gradient is there");
                assertEquals(before[0], w.toFloatArray()[0], "not updated yet");
                seen[0] = true;
            });
            assertTrue(seen[0]);
            assertNotEquals(before[0], first(n)[0], "updated after the observer");
        }
    }

    @Test
    void thePhaseListenerHearsEveryPhaseInOrderAndTheUpdateLast() {
        Engines.disableGradientsOnThisThread();
        try (TinyNetwork n = new TinyNetwork(train.classes().size());
             Optimizer sgd = Optimizer.sgd(n.manager, 0.9, 0)) {
            TrainingStep step = n.step(sgd);
            float[] before = first(n);
            List<TrainingStep.Phase> heard = new ArrayList<>();
            List<Boolean> updated = new ArrayList<>();
            List<String> order = new ArrayList<>();
            try (DeviceLossTotals sums = new DeviceLossTotals(n.manager, LossTotals.ZERO)) {
                step.run(batches(n, 1).get(0), 1e-3, 0, false, () -> order.add("gradients"), sums, p -> {
                    heard.add(p);
                    order.add(p.name());
                    updated.add(first(n)[0] != before[0]);
                });
            }
            assertEquals(List.of(TrainingStep.Phase.values()), heard);
            assertEquals(List.of("INPUT", "FORWARD", "LOSS", "BACKWARD", "gradients", "UPDATE"), order);
            assertEquals(List.of(false, false, false, false, true), updated, "weights change in UPDATE only");
        }
    }

    @Test
    void stepsReadNothingFromTheDeviceAndTheirSumsAreWeightedByTheBatchSize() {
        Engines.disableGradientsOnThisThread();
        try (TinyNetwork n = new TinyNetwork(train.classes().size());
             Optimizer adam = Optimizer.adam(n.manager, 0.9, 0.999, 1e-8, 0)) {
            TrainingStep step = n.step(adam);
            Batch b = batches(n, 1).get(0);
            // Rate 0 and the same global step (same dropout masks): every step has the same loss.
            LossParts once = step.run(b, 0, 0, null);
            int steps = 5;
            try (DeviceLossTotals sums = new DeviceLossTotals(n.manager, LossTotals.ZERO)) {
                step.run(b, 0, 0, null, sums);
                int arrays = ((BaseNDManager) n.manager).getManagedArrays().size();
                long reads = HostReads.onThisThread();
                for (int i = 1; i < steps; i++) {
                    step.run(b, 0, 0, null, sums);
                }
                assertEquals(reads, HostReads.onThisThread(), "no host read inside " + (steps - 1) + " steps");
                assertEquals(arrays, ((BaseNDManager) n.manager).getManagedArrays().size(),
                        "each step's temporaries close with it; the sums are added in place");
                assertEquals((long) steps * b.size(), sums.images());
                LossTotals t = sums.read();
                assertEquals(reads + 1, HostReads.onThisThread(), "reading the sums is one read");
                assertTrue(t.finite());
                assertEquals(once.total(), t.meanLoss(), 1e-5 * once.total());
                assertEquals(once.coord(), t.meanCoord(), 1e-5 * Math.max(1e-3, once.coord()));
                assertEquals(steps * once.objectCount(), t.objects(), 1e-3);
                assertEquals(steps * once.iouSum(), t.iouSum(), 1e-4 * Math.max(1, steps * once.iouSum()));
            }
        }
    }

    @Test
    void aNonFiniteLossIsAppliedAndShowsInTheSumsFromThenOn() {
        Engines.disableGradientsOnThisThread();
        try (TinyNetwork n = new TinyNetwork(train.classes().size());
             Optimizer sgd = Optimizer.sgd(n.manager, 0.9, 0);
             DeviceLossTotals sums = new DeviceLossTotals(n.manager, LossTotals.ZERO)) {
            TrainingStep step = n.step(sgd);
            List<Batch> two = batches(n, 2);
            step.run(two.get(0), 1e-3, 0, null, sums);
            assertTrue(sums.read().finite(), "a normal step");
            ParameterList params = n.network.getParameters();
            Parameter last = params.get(params.size() - 1).getValue();
            last.getArray().set(new ai.djl.ndarray.index.NDIndex("..."), Float.NaN);
            boolean[] observed = {false};
            step.run(two.get(1), 1e-3, 1, () -> observed[0] = true, sums);
            assertTrue(observed[0], "the step does not look at its loss: it runs backward");
            assertFalse(sums.read().finite(), "the sums carry the NaN");
            step.run(two.get(0), 1e-3, 2, null, sums);
            assertFalse(sums.read().finite(), "and keep it");
        }
    }
}
