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
import io.jyolo.loss.LossParts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One optimizer step: it learns, it frees what it allocates, it shows its gradients, it refuses a NaN loss. */
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
            assertTrue(TrainingStep.applies(firstLoss));
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
            step.run(batches(n, 1).get(0), 1e-3, 0, () -> order.add("gradients"), p -> {
                heard.add(p);
                order.add(p.name());
                updated.add(first(n)[0] != before[0]);
            });
            assertEquals(List.of(TrainingStep.Phase.values()), heard);
            assertEquals(List.of("INPUT", "FORWARD", "LOSS", "BACKWARD", "gradients", "UPDATE"), order);
            assertEquals(List.of(false, false, false, false, true), updated, "weights change in UPDATE only");
        }
    }

    @Test
    void aNonFiniteLossIsReturnedAndNothingIsApplied() {
        Engines.disableGradientsOnThisThread();
        try (TinyNetwork n = new TinyNetwork(train.classes().size());
             Optimizer sgd = Optimizer.sgd(n.manager, 0.9, 0)) {
            TrainingStep step = n.step(sgd);
            ParameterList params = n.network.getParameters();
            Parameter last = params.get(params.size() - 1).getValue();
            last.getArray().set(new ai.djl.ndarray.index.NDIndex("..."), Float.NaN);
            float[] before = first(n);
            boolean[] observed = {false};
            List<TrainingStep.Phase> heard = new ArrayList<>();
            LossParts parts = step.run(batches(n, 1).get(0), 1e-3, 0, () -> observed[0] = true, heard::add);
            assertFalse(TrainingStep.applies(parts));
            assertEquals(List.of(TrainingStep.Phase.INPUT, TrainingStep.Phase.FORWARD, TrainingStep.Phase.LOSS), heard,
                    "a step that is not applied ends after the loss");
            assertFalse(observed[0], "no backward pass, nothing to observe");
            assertEquals(before[0], first(n)[0], "weights unchanged");
        }
    }
}
