package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.Augmentation;
import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import io.jyolo.model.Architecture;
import io.jyolo.run.CheckpointMeta;
import io.jyolo.run.CheckpointPolicy;
import io.jyolo.run.Checkpoints;
import io.jyolo.run.EpochRecord;
import io.jyolo.run.History;
import io.jyolo.run.LrSchedule;
import io.jyolo.run.RunFolder;
import io.jyolo.run.TrainConfig;
import io.jyolo.tensorboard.EventLog;
import io.jyolo.tensorboard.ScalarPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training runs end to end on a tiny generated dataset: exact resume, interrupts, divergence, logs. */
class TrainerTest {

    @TempDir
    static Path shared;
    static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void dataset() throws IOException {
        data = shared.resolve("shapes");
        SyntheticShapes.generate(SynthConfig.builder(data).count(40).imageSize(96).seed(3).maxObjects(3).build());
    }

    /** Fast YOLO at 128 px (S=2), 24 training images, batch 8: 3 steps per epoch, paper augmentation, dropout on. */
    private static TrainConfig.Builder tiny() {
        return TrainConfig.builder(data.toString()).network(Architecture.FAST, 128).batchSize(8).limitTrain(24)
                .epochs(4).learningRate(2e-3).schedule(LrSchedule.constant(2e-3)).augmentation(Augmentation.paper())
                .validateEvery(2).checkpoints(CheckpointPolicy.every(2)).saveEverySeconds(0).workers(2).seed(11);
    }

    private static Map<String, float[]> weights(Trainer t) {
        return NetworkWeights.of(t);
    }

    private static double maxDifference(Map<String, float[]> a, Map<String, float[]> b) {
        return NetworkWeights.maxDifference(a, b);
    }

    /** Interrupts the training thread when epoch {@code epoch} reaches batch {@code batch} (0: at its end). */
    static TrainingListener interruptAt(int epoch, int batch) {
        Thread trainer = Thread.currentThread();
        return new TrainingListener() {
            @Override
            public void onBatch(BatchProgress p) {
                if (batch > 0 && p.epoch() == epoch && p.batch() == batch) {
                    trainer.interrupt();
                }
            }

            @Override
            public void onEpoch(Trainer t, EpochRecord r) {
                if (batch == 0 && r.epoch() == epoch) {
                    trainer.interrupt();
                }
            }
        };
    }

    @Test
    void interruptedAndResumedRunsEndWithTheSameWeightsAsAnUninterruptedOne() throws IOException {
        Map<String, float[]> straight;
        try (Trainer t = Trainer.create(tiny().build(), dir.resolve("straight"))) {
            TrainingResult r = t.fit();
            assertEquals(TrainingResult.Status.COMPLETED, r.status());
            assertEquals(4, r.epoch());
            straight = weights(t);
        }

        // stopped at an epoch boundary (after epoch 2), then resumed
        Path atBoundary = dir.resolve("boundary");
        try (Trainer t = Trainer.create(tiny().build(), atBoundary)) {
            TrainingResult r = t.fit(interruptAt(2, 0));
            assertEquals(TrainingResult.Status.INTERRUPTED, r.status());
            assertEquals(2, r.epoch());
        }
        try (Trainer t = Trainer.resume(atBoundary)) {
            assertEquals(2, t.epoch());
            assertEquals(TrainingResult.Status.COMPLETED, t.fit().status());
            double diff = maxDifference(straight, weights(t));
            assertTrue(diff < 1e-5, "boundary resume differs by " + diff);
        }

        // stopped in the middle of epoch 3 (after its first batch), then resumed
        Path midEpoch = dir.resolve("mid");
        try (Trainer t = Trainer.create(tiny().build(), midEpoch)) {
            TrainingResult r = t.fit(interruptAt(3, 1));
            assertEquals(TrainingResult.Status.INTERRUPTED, r.status());
            CheckpointMeta meta = Checkpoints.readMeta(new RunFolder(midEpoch).last());
            assertEquals(2, meta.epoch());
            assertEquals(1, meta.batchesDone());
        }
        try (Trainer t = Trainer.resume(midEpoch)) {
            assertEquals(TrainingResult.Status.COMPLETED, t.fit().status());
            double diff = maxDifference(straight, weights(t));
            assertTrue(diff < 1e-5, "mid-epoch resume differs by " + diff);
            assertEquals(List.of(1, 2, 3, 4), t.history().rows().stream().map(EpochRecord::epoch).toList());
        }

        // the event files and the history hold each epoch once, with the resumed values
        EventLog log = EventLog.read(midEpoch);
        List<ScalarPoint> loss = log.scalars("Train/Loss_sum");
        assertEquals(List.of(1L, 2L, 3L, 4L), loss.stream().map(ScalarPoint::step).toList());
        History history = History.read(new RunFolder(midEpoch).history());
        assertEquals(4, history.rows().size());
        assertEquals(history.rows().get(3).loss(), loss.get(3).value(), 1e-4 * Math.abs(loss.get(3).value()));
        for (String tag : List.of("Train/Loss_coord", "Train/Loss_confidence", "Train/Loss_noobj", "Train/Loss_classes",
                "Train/Epoch_iou", "Train/lr", "Train/images_per_sec")) {
            assertEquals(4, log.scalars(tag).size(), tag);
        }
        assertEquals(List.of(2L, 4L), log.scalars("Val/mAP").stream().map(ScalarPoint::step).toList());

        // checkpoints: last, best, and the numbered ones of the policy
        RunFolder run = new RunFolder(midEpoch);
        assertTrue(Files.exists(run.best()));
        assertTrue(Files.exists(run.checkpoints().resolve("epoch-00002.ckpt")));
        assertTrue(Files.exists(run.checkpoints().resolve("epoch-00004.ckpt")));
        assertTrue(Files.notExists(run.checkpoints().resolve("epoch-00003.ckpt")));
    }

    @Test
    void aDivergingLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws IOException {
        // epoch 1 trains normally; from epoch 2 the rate explodes and the loss becomes NaN or infinite
        LrSchedule explode = new LrSchedule(2e-3, 0, List.of(2), List.of(1e12));
        Path runDir = dir.resolve("diverge");
        try (Trainer t = Trainer.create(tiny().schedule(explode).validateEvery(0).build(), runDir)) {
            TrainingResult r = t.fit();
            assertEquals(TrainingResult.Status.DIVERGED, r.status(), r.message());
            assertTrue(r.message().contains("NaN or infinite"), r.message());
            assertNotNull(r.checkpoint());
        }
        CheckpointMeta meta = Checkpoints.readMeta(new RunFolder(runDir).last());
        assertTrue(meta.epoch() >= 1, "a checkpoint from before the divergence is kept");
        try (Trainer t = Trainer.resume(runDir)) {
            for (float[] w : weights(t).values()) {
                for (float v : w) {
                    assertTrue(Float.isFinite(v), "the kept checkpoint holds finite weights");
                }
            }
        }
    }

    @Test
    void theTrainingThreadReadsTheDeviceOnlyEveryProgressIntervalAndAtTheEpochsEnd() throws IOException {
        // 24 images in batches of 4: 6 steps; the sums are read after steps 3 and 6 and at no other step
        List<Long> readsAtBatch = new java.util.ArrayList<>();
        TrainingListener counter = new TrainingListener() {
            @Override
            public void onStart(Trainer t, int firstEpoch) {
                readsAtBatch.add(io.jyolo.engine.HostReads.onThisThread());
            }

            @Override
            public void onBatch(BatchProgress p) {
                readsAtBatch.add(io.jyolo.engine.HostReads.onThisThread());
            }
        };
        try (Trainer t = Trainer.create(tiny().epochs(1).batchSize(4).validateEvery(0).build(), dir.resolve("reads"))) {
            assertEquals(TrainingResult.Status.COMPLETED, t.progressEvery(3).fit(counter).status());
        }
        List<Long> perStep = new java.util.ArrayList<>();
        for (int i = 1; i < readsAtBatch.size(); i++) {
            perStep.add(readsAtBatch.get(i) - readsAtBatch.get(i - 1));
        }
        assertEquals(List.of(0L, 0L, 1L, 0L, 0L, 1L), perStep, "host reads made by each step and its progress");
    }

    @Test
    void aRunFolderWithCheckpointsIsNotOverwritten() throws IOException {
        Path runDir = dir.resolve("once");
        try (Trainer t = Trainer.create(tiny().epochs(1).validateEvery(0).build(), runDir)) {
            t.fit();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Trainer.create(tiny().build(), runDir));
        assertTrue(e.getMessage().contains("resume"), e.getMessage());
        try (Trainer t = Trainer.createOrResume(tiny().epochs(2).validateEvery(0).build(), runDir)) {
            assertEquals(1, t.epoch());
            assertEquals(2, t.fit().epoch());
        }
    }

    /** A notebook runs each cell on its own thread: creating a run on one thread and training on another works. */
    @Test
    void trainingOnAnotherThreadThanTheOneThatCreatedTheRun() throws Exception {
        try (Trainer t = Trainer.create(tiny().epochs(1).validateEvery(0).build(), dir.resolve("threads"))) {
            TrainingResult[] result = new TrainingResult[1];
            Throwable[] failure = new Throwable[1];
            Thread cell = new Thread(() -> {
                try {
                    result[0] = t.fit();
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            cell.start();
            cell.join();
            if (failure[0] != null) {
                throw new AssertionError("training on a second thread failed", failure[0]);
            }
            assertEquals(TrainingResult.Status.COMPLETED, result[0].status());
        }
    }

    /** Histograms of weights and gradients, feature maps and sample detections, when asked for. */
    @Test
    void optInTensorBoardPicturesAndHistograms() throws IOException {
        Path runDir = dir.resolve("pictures");
        try (Trainer t = Trainer.create(tiny().epochs(1).histograms("all").featureMaps(true).sampleDetections(true)
                .build(), runDir)) {
            assertEquals(TrainingResult.Status.COMPLETED, t.fit().status());
            EventLog log = EventLog.read(runDir);
            long params = t.network().getParameters().stream().filter(p -> p.getValue().requiresGradient()).count();
            assertEquals(params, log.histogramTags().stream().filter(x -> x.endsWith("/grad")).count());
            assertTrue(log.histogramTags().stream().filter(x -> x.endsWith("/data")).count() >= params);
            assertTrue(log.imageTags().contains("Detections/sample"), log.imageTags().toString());
            List<String> stages = log.imageTags().stream().filter(x -> x.startsWith("FeatureMaps/")).toList();
            assertTrue(stages.size() >= 5, stages.toString());
            assertEquals(96, log.images("Detections/sample").get(0).decode().getWidth());
        }
    }

    @Test
    void resumingAFolderWithoutCheckpointsSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trainer.resume(dir.resolve("none")));
        assertTrue(e.getMessage().contains("no valid checkpoint"), e.getMessage());
    }
}
