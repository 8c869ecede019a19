package io.jyolo.train;

import ai.djl.ndarray.NDManager;
import io.jyolo.model.YoloNetwork;
import io.jyolo.run.CheckpointMeta;
import io.jyolo.run.Checkpoints;
import io.jyolo.run.RunFolder;
import io.jyolo.run.TrainConfig;
import java.io.IOException;

/**
 * The checkpoint policy at the end of an epoch: {@code last} is rewritten after the best
 * validation mAP so far, after an epoch the configured {@code CheckpointPolicy} numbers, after the
 * final epoch, after an early stop (its state holds the spent patience counter, which keeps a resume
 * from training on), and when {@code saveEverySeconds} have passed since the last save; a numbered copy
 * and {@code best} are copied from it.
 *
 * <p>Must run after the history and TensorBoard are written (see {@link EpochEndListener}): a
 * resume starts from the checkpoint and cuts the history and the event files back to its epoch,
 * so whatever the checkpoint says is done must already be logged.
 */
public final class CheckpointSaver implements EpochEndListener {

    private final RunFolder run;
    private final TrainConfig config;
    private final YoloNetwork network;
    private final Optimizer optimizer;
    private final NDManager manager;
    private long lastSave = System.nanoTime();

    /** The clock for {@code saveEverySeconds} starts now. */
    public CheckpointSaver(RunFolder run, TrainConfig config, YoloNetwork network, Optimizer optimizer,
                           NDManager manager) {
        this.run = run;
        this.config = config;
        this.network = network;
        this.optimizer = optimizer;
        this.manager = manager;
    }

    @Override
    public void epochEnded(EpochEnd end) throws IOException {
        int epoch = end.epoch();
        boolean numbered = config.checkpoints().keeps(epoch);
        if (end.best() || numbered || epoch == config.epochs() || end.earlyStop() != null
                || System.nanoTime() - lastSave >= config.saveEverySeconds() * 1_000_000_000L) {
            writeLast(end.state());
            lastSave = System.nanoTime();
            if (numbered) {
                Checkpoints.copy(run.last(), run.checkpoints().resolve(Checkpoints.epochFileName(epoch)));
            }
            if (end.best()) {
                Checkpoints.copy(run.last(), run.best());
            }
        }
    }

    /** Writes {@code state} with the current weights and optimizer state to {@code last} (also on interrupt). */
    public void writeLast(CheckpointMeta state) throws IOException {
        Checkpoints.write(run.last(), state, network, optimizer, manager);
    }
}
