package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.Augmentation;
import io.jyolo.engine.Engines;
import io.jyolo.model.Architecture;
import io.jyolo.run.CheckpointMeta;
import io.jyolo.run.CheckpointPolicy;
import io.jyolo.run.Checkpoints;
import io.jyolo.run.EpochRecord;
import io.jyolo.run.History;
import io.jyolo.run.LrSchedule;
import io.jyolo.run.RunFolder;
import io.jyolo.run.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's epoch-end work: the history row, the checkpoint policy, and logs before the checkpoint. */
class EpochEndListenersTest {

    @TempDir
    Path dir;

    /** A configuration for the listeners that do not read data. */
    private static TrainConfig.Builder noData() {
        return TrainConfig.builder("unused");
    }

    private static EpochRecord row(int epoch) {
        return new EpochRecord(epoch, 1e-3, 2, 0.5, 0.5, 0.5, 0.5, 0.3, Double.NaN, Double.NaN, 10, 1, 0);
    }

    private static EpochEnd end(TrainConfig config, int epoch, boolean best) {
        CheckpointMeta state = new CheckpointMeta(epoch, 0, epoch * 3L, config.seed(), config.toJson(), List.of("a"),
                best ? 0.5 : Double.NaN, Map.of(), 0);
        return new EpochEnd(row(epoch), LossTotals.ZERO, null, state, best, null);
    }

    @Test
    void theHistoryFileHoldsEveryEpochAfterEach() throws IOException {
        Path file = dir.resolve("history.csv");
        History history = History.read(file);
        HistoryLog log = new HistoryLog(history, file);
        TrainConfig config = noData().build();
        log.epochEnded(end(config, 1, false));
        assertEquals(List.of(row(1)), History.read(file).rows());
        log.epochEnded(end(config, 2, false));
        assertEquals(List.of(1, 2), History.read(file).rows().stream().map(EpochRecord::epoch).toList());
    }

    @Test
    void theRowOfAnEarlyStopIsMarkedAndAHistoryFromBeforeTheMarkStillReads() throws IOException {
        Path file = dir.resolve("history.csv");
        HistoryLog log = new HistoryLog(History.read(file), file);
        TrainConfig config = noData().build();
        log.epochEnded(end(config, 1, false));
        EpochEnd last = end(config, 2, false);
        log.epochEnded(new EpochEnd(last.record(), last.train(), null, last.state(), false,
                new EarlyStop(2, 1, 1, 0.5)));
        assertEquals(List.of(false, true), History.read(file).rows().stream().map(EpochRecord::earlyStop).toList());

        Path old = dir.resolve("old.csv");
        Files.write(old, List.of("epoch,lr,loss,coord,obj_conf,noobj_conf,classes,iou,val_loss,val_map,images_per_sec,"
                + "seconds,skipped", "1,0.001,2,0.5,0.5,0.5,0.5,0.3,,,10,1,0"));
        assertEquals(List.of(row(1)), History.read(old).rows());
    }

    /**
     * Hands epochs 1 to {@code epochs} to a checkpoint saver of a fresh run, epoch {@code best} as
     * the best so far; the names of the checkpoint files it leaves.
     */
    private List<String> saveEpochs(TrainConfig config, int epochs, int best) throws IOException {
        RunFolder run = new RunFolder(Files.createTempDirectory(dir, "run"));
        Files.createDirectories(run.checkpoints());
        try (TinyNetwork n = new TinyNetwork(1); Optimizer sgd = Optimizer.sgd(n.manager, 0.9, 0)) {
            CheckpointSaver saver = new CheckpointSaver(run, config, n.network, sgd, n.manager);
            for (int e = 1; e <= epochs; e++) {
                saver.epochEnded(end(config, e, e == best));
            }
        }
        List<String> names = new java.util.ArrayList<>();
        for (Path p : Checkpoints.list(run.checkpoints())) {
            names.add(p.getFileName() + "@" + Checkpoints.readMeta(p).epoch());
        }
        return names;
    }

    @Test
    void checkpointsAreWrittenForTheBestNumberedAndFinalEpochs() throws IOException {
        TrainConfig config = noData().epochs(5).checkpoints(CheckpointPolicy.every(2)).saveEverySeconds(3600).build();
        String two = Checkpoints.epochFileName(2);
        String four = Checkpoints.epochFileName(4);
        assertEquals(List.of(), saveEpochs(config, 1, 0), "epoch 1: neither best, numbered, final nor due");
        assertEquals(List.of(two + "@2", "last.ckpt@2"), saveEpochs(config, 2, 0));
        assertEquals(List.of("best.ckpt@3", two + "@2", four + "@4", "last.ckpt@5"), saveEpochs(config, 5, 3),
                "epoch 3 as best, 2 and 4 numbered, 5 final");
    }

    @Test
    void theSaveIntervalWritesEveryEpochWhenZero() throws IOException {
        TrainConfig config = noData().epochs(5).checkpoints(CheckpointPolicy.every(0)).saveEverySeconds(0).build();
        assertEquals(List.of("last.ckpt@1"), saveEpochs(config, 1, 0));
    }

    /**
     * Logs before the checkpoint: when the history cannot be written, the epoch's checkpoint is not
     * written either, so no checkpoint claims an epoch whose logs are missing.
     */
    @Test
    void whenTheHistoryCannotBeWrittenNoCheckpointClaimsTheEpoch() throws IOException {
        Engines.disableGradientsOnThisThread();
        Path data = TinyNetwork.shapes(dir.resolve("shapes"), 20);
        TrainConfig config = TrainConfig.builder(data.toString()).network(Architecture.FAST, 128).batchSize(8)
                .limitTrain(8).epochs(1).schedule(LrSchedule.constant(1e-3)).augmentation(Augmentation.none())
                .validateEvery(0).checkpoints(CheckpointPolicy.every(1)).saveEverySeconds(0).workers(1).seed(2)
                .build();
        Path runDir = dir.resolve("blocked");
        try (Trainer t = Trainer.create(config, runDir)) {
            RunFolder run = t.run();
            Files.createDirectories(run.history().resolveSibling(run.history().getFileName() + ".tmp"));
            assertThrows(IOException.class, t::fit);
            assertFalse(Files.exists(run.last()));
            assertTrue(Checkpoints.list(run.checkpoints()).isEmpty());
        }
    }
}
