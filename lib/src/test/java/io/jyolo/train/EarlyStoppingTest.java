package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.Augmentation;
import io.jyolo.model.Architecture;
import io.jyolo.notebook.TinyRuns;
import io.jyolo.run.CheckpointMeta;
import io.jyolo.run.CheckpointPolicy;
import io.jyolo.run.Checkpoints;
import io.jyolo.run.EpochRecord;
import io.jyolo.run.History;
import io.jyolo.run.LrSchedule;
import io.jyolo.run.OptimizerKind;
import io.jyolo.run.RunFolder;
import io.jyolo.run.TrainConfig;
import io.jyolo.tensorboard.EventLog;
import io.jyolo.tensorboard.ScalarPoint;
import io.jyolo.tensorboard.TextPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping on real tiny runs. Plain SGD at a learning rate of 1e-12 leaves the weights as
 * they were (the steps are below float resolution), so the validation mAP cannot improve after
 * the first validation: with patience 2 the run must stop after epoch 3 (best at epoch 1), never
 * reaching its budget of 8.
 */
class EarlyStoppingTest {

    private static final int PATIENCE = 2;
    private static final int STOP = 1 + PATIENCE;

    private static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void dataset(@TempDir Path shapes) throws IOException {
        data = TinyRuns.dataset(shapes);
    }

    /** Fast YOLO at 64 px, 8 training images in 2 steps, validated every epoch, weights standing still. */
    private static TrainConfig.Builder flat() {
        return TrainConfig.builder(data.toString()).network(Architecture.FAST, 64).batchSize(4).limitTrain(8)
                .epochs(8).optimizer(OptimizerKind.SGD).momentum(0).weightDecay(0)
                .schedule(LrSchedule.constant(1e-12)).augmentation(Augmentation.none()).validateEvery(1).checkpoints(CheckpointPolicy.every(100)).saveEverySeconds(3600)
                .workers(1).seed(5).patience(PATIENCE);
    }

    @Test
    void aRunWhoseMapStopsImprovingStopsAndAResumeDoesNotTrainFurther() throws IOException {
        Path runDir = dir.resolve("run");
        RunFolder run = new RunFolder(runDir);
        TrainingResult r;
        try (Trainer t = Trainer.create(flat().build(), runDir)) {
            r = t.fit();
        }
        assertEquals(TrainingResult.Status.EARLY_STOPPED, r.status(), r.message());
        assertEquals(STOP, r.epoch());
        List<EpochRecord> rows = History.read(run.history()).rows();
        assertEquals(List.of(1, 2, 3), rows.stream().map(EpochRecord::epoch).toList());
        assertEquals(List.of(false, false, true), rows.stream().map(EpochRecord::earlyStop).toList(),
                "the history marks the epoch the run stopped after");
        double bestMap = rows.get(0).valMap();
        assertFalse(Double.isNaN(bestMap));
        assertTrue(rows.get(1).valMap() <= bestMap && rows.get(2).valMap() <= bestMap, rows.toString());
        assertEquals(String.format(java.util.Locale.ROOT, "stopped early after epoch 3: 2 validation(s) without a"
                + " better mAP; best mAP %.4f at epoch 1 (best.ckpt)", bestMap), r.message());

        CheckpointMeta best = Checkpoints.readMeta(run.best());
        assertEquals(1, best.epoch(), "best.ckpt keeps the best epoch");
        CheckpointMeta last = Checkpoints.readMeta(run.last());
        assertEquals(STOP, last.epoch(), "the stop is saved although --save-every has not passed");
        assertEquals(PATIENCE, last.sinceBest());
        assertEquals(1, last.bestEpoch());
        assertEquals(bestMap, last.bestMetric(), 0);

        EventLog log = EventLog.read(runDir);
        List<ScalarPoint> stop = log.scalars("Train/early_stop");
        assertEquals(1, stop.size());
        assertEquals(STOP, stop.get(0).step());
        assertEquals(1.0, stop.get(0).value(), 0);
        List<TextPoint> reason = log.texts("Train/stop_reason");
        assertEquals(1, reason.size());
        assertEquals(r.message(), reason.get(0).text());

        // resuming, even with a larger budget, trains nothing and ends the same way
        try (Trainer t = Trainer.resume(runDir, 20)) {
            TrainingResult again = t.fit();
            assertEquals(TrainingResult.Status.EARLY_STOPPED, again.status());
            assertEquals(STOP, again.epoch());
            assertEquals(r.globalStep(), again.globalStep());
            assertEquals("already " + r.message() + "; not training further", again.message());
        }
        assertEquals(3, History.read(run.history()).rows().size());
        assertEquals(STOP, Checkpoints.readMeta(run.last()).epoch());
    }

    @Test
    void thePatienceCounterSurvivesAnInterruptAndResume() throws IOException {
        Path runDir = dir.resolve("run");
        Thread trainer = Thread.currentThread();
        TrainingListener interruptInEpoch3 = new TrainingListener() {
            @Override
            public void onBatch(BatchProgress p) {
                if (p.epoch() == STOP && p.batch() == 1) {
                    trainer.interrupt();
                }
            }
        };
        try (Trainer t = Trainer.create(flat().build(), runDir)) {
            assertEquals(TrainingResult.Status.INTERRUPTED, t.fit(interruptInEpoch3).status());
        }
        CheckpointMeta saved = Checkpoints.readMeta(new RunFolder(runDir).last());
        assertEquals(STOP - 1, saved.epoch());
        assertEquals(1, saved.batchesDone());
        assertEquals(1, saved.sinceBest(), "one validation (epoch 2) without a better mAP so far");
        assertEquals(1, saved.bestEpoch());

        // a counter reset by the resume would train on to epoch 4
        try (Trainer t = Trainer.resume(runDir)) {
            TrainingResult r = t.fit();
            assertEquals(TrainingResult.Status.EARLY_STOPPED, r.status(), r.message());
            assertEquals(STOP, r.epoch());
        }
    }

    /** Bug fixed: patience spent on the budget's last epoch was reported as an early stop. */
    @Test
    void patienceSpentOnTheLastEpochIsACompletedRun() throws IOException {
        Path runDir = dir.resolve("run");
        try (Trainer t = Trainer.create(flat().epochs(STOP).build(), runDir)) {
            TrainingResult r = t.fit();
            assertEquals(TrainingResult.Status.COMPLETED, r.status(), r.message());
            assertEquals(STOP, r.epoch());
        }
        List<EpochRecord> rows = History.read(new RunFolder(runDir).history()).rows();
        assertEquals(List.of(false, false, false), rows.stream().map(EpochRecord::earlyStop).toList());
        assertFalse(EventLog.read(runDir).scalarTags().contains("Train/early_stop"), "no early stop is logged");
    }

    @Test
    void withoutPatienceTheSameRunUsesItsWholeBudget() throws IOException {
        try (Trainer t = Trainer.create(flat().epochs(4).patience(0).build(), dir.resolve("run"))) {
            TrainingResult r = t.fit();
            assertEquals(TrainingResult.Status.COMPLETED, r.status());
            assertEquals(4, r.epoch());
            assertTrue(Files.exists(t.run().best()));
        }
    }
}
