package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.jyolo.data.Augmentation;
import io.jyolo.model.Architecture;
import io.jyolo.model.YoloNetwork;
import io.jyolo.notebook.TinyRuns;
import io.jyolo.run.Checkpoints;
import io.jyolo.run.EpochRecord;
import io.jyolo.run.Recipe;
import io.jyolo.run.RunFolder;
import io.jyolo.run.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code freezeBackbone}: during the frozen epochs the backbone's weights and BatchNorm statistics
 * stay bit for bit as they were and the optimizer keeps no state for them, while the head trains; a
 * run interrupted and resumed inside the frozen epochs stays frozen (and keeps its recipe);
 * afterwards both train.
 */
class FreezeBackboneTest {

    @TempDir
    Path dir;

    @Test
    void aFrozenBackboneStaysBitIdenticalAcrossAResumeAndTrainsAfterwards() throws IOException {
        Path data = TinyRuns.dataset(dir.resolve("data"));
        Path runDir = dir.resolve("run");
        TrainConfig config = TrainConfig.builder(data.toString(), Recipe.FINETUNE).network(Architecture.FAST_CONVOLUTIONAL, 64)
                .epochs(3).freezeBackbone(2).batchSize(4).limitTrain(8).learningRate(1e-2).schedule("constant")
                .augmentation(Augmentation.none()).valSplit(null).workers(1).saveEverySeconds(0).seed(3).build();
        Map<Integer, Map<String, float[]>> afterEpoch = new HashMap<>();
        Map<String, float[]> initial;
        Set<String> backbone;
        Set<String> savedSlots = new java.util.HashSet<>();
        Thread self = Thread.currentThread();
        TrainingListener interruptInEpoch2 = new TrainingListener() {
            @Override
            public void onBatch(BatchProgress p) {
                if (p.epoch() == 2 && p.batch() == 1) {
                    self.interrupt();
                }
            }

            @Override
            public void onEpoch(Trainer t, EpochRecord r) {
                afterEpoch.put(r.epoch(), NetworkWeights.of(t));
            }
        };
        try (Trainer t = Trainer.create(config, runDir)) {
            initial = NetworkWeights.of(t);
            backbone = backboneKeys(t.network());
            assertEquals(TrainingResult.Status.INTERRUPTED, t.fit(interruptInEpoch2).status());
        }
        TrainingListener record = new TrainingListener() {
            @Override
            public void onEpoch(Trainer t, EpochRecord r) {
                afterEpoch.put(r.epoch(), NetworkWeights.of(t));
                if (r.epoch() == 2) {
                    savedSlots.addAll(optimizerSlots(t));
                }
            }
        };
        try (Trainer t = Trainer.resume(runDir)) {
            assertTrue(t.config().backboneFrozen(2), "the resumed run keeps its freeze");
            assertEquals(Recipe.FINETUNE, t.config().recipe(), "and its recipe");
            assertEquals(Recipe.FINETUNE, new RunFolder(runDir).readConfig().recipe(), "recorded in config.json");
            assertEquals(TrainingResult.Status.COMPLETED, t.fit(record).status());
        }

        assertFalse(backbone.isEmpty());
        assertTrue(backbone.stream().anyMatch(k -> k.contains("BatchNorm")), backbone.toString());
        for (int epoch : new int[] {1, 2}) {
            for (String k : backbone) {
                assertArrayEquals(initial.get(k), afterEpoch.get(epoch).get(k), k + " moved in frozen epoch " + epoch);
            }
            assertTrue(changed(initial, afterEpoch.get(epoch), headKeys(initial, backbone)),
                    "the head trains in frozen epoch " + epoch);
        }
        assertTrue(savedSlots.stream().noneMatch(s -> backbone.stream().anyMatch(k -> s.startsWith(k + "/"))),
                "optimizer state for a frozen parameter: " + savedSlots);
        assertFalse(savedSlots.isEmpty());
        assertTrue(changed(afterEpoch.get(2), afterEpoch.get(3), backbone), "the backbone trains once thawed");
        assertTrue(changed(afterEpoch.get(2), afterEpoch.get(3), headKeys(initial, backbone)));
    }

    /** The DJL names of the backbone's parameters (weights and BatchNorm statistics). */
    private static Set<String> backboneKeys(YoloNetwork network) {
        Set<Parameter> held = Collections.newSetFromMap(new IdentityHashMap<>());
        for (YoloNetwork.Stage stage : network.backbone()) {
            held.addAll(stage.block().getParameters().values());
        }
        Set<String> keys = new java.util.HashSet<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (held.contains(p.getValue())) {
                keys.add(p.getKey());
            }
        }
        return keys;
    }

    private static Set<String> headKeys(Map<String, float[]> all, Set<String> backbone) {
        Set<String> head = new java.util.HashSet<>(all.keySet());
        head.removeAll(backbone);
        assertFalse(head.isEmpty());
        return head;
    }

    private static boolean changed(Map<String, float[]> a, Map<String, float[]> b, Set<String> keys) {
        return keys.stream().allMatch(k -> k.contains("running") || !java.util.Arrays.equals(a.get(k), b.get(k)));
    }

    /** The names of the optimizer's state slots in the run's newest checkpoint. */
    private static Set<String> optimizerSlots(Trainer t) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList state = NDList.decode(m, Checkpoints.read(new RunFolder(t.run().dir()).last()).optimizerState());
            Set<String> names = new java.util.HashSet<>();
            for (NDArray a : state) {
                names.add(a.getName());
            }
            return names;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
