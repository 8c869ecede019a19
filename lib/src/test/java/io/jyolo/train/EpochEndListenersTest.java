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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's epoch-end work: the history row, the checkpoint policy, and logs before the checkpoint. */
class EpochEndListenersTest {

    @TempDir
    static Path shared;
    static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void dataset() throws IOException {
        data = TinyNetwork.shapes(shared.resolve("shapes"), 30);
    }

    private static EpochRecord row(int epoch) {
        return new EpochRecord(epoch, 1e-3, 2, 0.5, 0.5, 0.5, 0.5, 0.3, Double.NaN, Double.NaN, 10, 1, 0);
    }

    private static EpochEnd end(TrainConfig config, int epoch, boolean best) {
        CheckpointMeta state = new CheckpointMeta(epoch, 0, epoch * 3L, config.seed(), config.toJson(), List.of("a"),
                best ? 0.5 : Double.NaN, Map.of(), 0);
        return new EpochEnd(row(epoch), LossTotals.ZERO, null, state, best);
    }

    @Test
    void theHistoryFileHoldsEveryEpochAfterEach() throws IOException {
        Path file = dir.resolve("history.csv");
        History history = History.read(file);
        HistoryLog log = new HistoryLog(history, file);
        TrainConfig config = TrainConfig.builder(data.toString()).build();
        log.epochEnded(end(config, 1, false));
        assertEquals(List.of(row(1)), History.read(file).rows());
        log.epochEnded(end(config, 2, false));
        assertEquals(List.of(1, 2), History.read(file).rows().stream().map(EpochRecord::epoch).toList());
    }

    @Test
    void checkpointsAreWrittenForTheBestNumberedAndFinalEpochs() throws IOException {
        RunFolder run = new RunFolder(dir.resolve("run"));
        Files.createDirectories(run.checkpoints());
        TrainConfig config = TrainConfig.builder(data.toString()).epochs(5).checkpoints(CheckpointPolicy.every(2))
                .saveEverySeconds(3600).build();
        try (TinyNetwork n = new TinyNetwork(1); Optimizer sgd = Optimizer.sgd(n.manager, 0.9, 0)) {
            CheckpointSaver saver = new CheckpointSaver(run, config, n.network, sgd, n.manager);
            saver.epochEnded(end(config, 1, false));
            assertFalse(Files.exists(run.last()), "epoch 1: neither best, numbered, final nor due");
            saver.epochEnded(end(config, 2, false));
            assertEquals(2, Checkpoints.readMeta(run.last()).epoch());
            assertTrue(Files.exists(run.checkpoints().resolve(Checkpoints.epochFileName(2))));
            assertFalse(Files.exists(run.best()));
            saver.epochEnded(end(config, 3, true));
            assertEquals(3, Checkpoints.readMeta(run.best()).epoch());
            assertFalse(Files.exists(run.checkpoints().resolve(Checkpoints.epochFileName(3))));
            saver.epochEnded(end(config, 4, false));
            saver.epochEnded(end(config, 5, false));
            assertEquals(5, Checkpoints.readMeta(run.last()).epoch(), "the final epoch is always saved");
            assertEquals(3, Checkpoints.readMeta(run.best()).epoch());
        }
    }

    @Test
    void theSaveIntervalWritesEveryEpochWhenZero() throws IOException {
        RunFolder run = new RunFolder(dir.resolve("run"));
        Files.createDirectories(run.checkpoints());
        TrainConfig config = TrainConfig.builder(data.toString()).epochs(5).checkpoints(CheckpointPolicy.every(0))
                .saveEverySeconds(0).build();
        try (TinyNetwork n = new TinyNetwork(1); Optimizer sgd = Optimizer.sgd(n.manager, 0.9, 0)) {
            new CheckpointSaver(run, config, n.network, sgd, n.manager).epochEnded(end(config, 1, false));
            assertEquals(1, Checkpoints.readMeta(run.last()).epoch());
        }
    }

    /**
     * Logs before the checkpoint: when the history cannot be written, the epoch's checkpoint is not
     * written either, so no checkpoint claims an epoch whose logs are missing.
     */
    @Test
    void whenTheHistoryCannotBeWrittenNoCheckpointClaimsTheEpoch() throws IOException {
        Engines.disableGradientsOnThisThread();
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
