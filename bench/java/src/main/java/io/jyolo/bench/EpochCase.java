package io.jyolo.bench;

import ai.djl.Device;
import io.jyolo.data.Augmentation;
import io.jyolo.loss.LossConfig;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.run.CheckpointPolicy;
import io.jyolo.run.EpochRecord;
import io.jyolo.run.LrSchedule;
import io.jyolo.run.OptimizerKind;
import io.jyolo.run.TrainConfig;
import io.jyolo.train.BatchProgress;
import io.jyolo.train.Trainer;
import io.jyolo.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * A training epoch as {@code jyolo train} runs it: {@link Trainer#fit} on a new run folder, with its data
 * loader (paper augmentation, shuffled), {@code TrainingStep}s and its epoch-end work (history,
 * TensorBoard scalars, {@code last.ckpt}); no validation split, as the PyTorch reference has none.
 *
 * <p>{@code fit} runs on a thread of its own and pauses in {@link TrainingListener#onEpoch} until the
 * next {@link #step()} asks for an epoch, so one timed iteration is one epoch of the real loop, from
 * the start of its loader to the end of its checkpoint. The configuration is the PyTorch reference's:
 * SGD at a constant 5e-3 (momentum 0.9, weight decay 5e-4), the default loss, a checkpoint after every
 * epoch ({@code saveEverySeconds 0}, so each epoch does the same work).
 */
final class EpochCase implements BenchCase {

    private final Path runDir;
    private final Trainer trainer;
    private final int size;
    private final int classes;
    private final Thread fit;
    private final Semaphore go = new Semaphore(0);
    private final Semaphore done = new Semaphore(0);
    private volatile boolean stop;
    private volatile boolean ended;
    private volatile Throwable failure;
    private volatile double loss = Double.NaN;
    private volatile long lastBatch;
    /** Seconds from the last batch of an epoch to its end (history, TensorBoard, checkpoint), summed. */
    private volatile double epochEndSeconds;

    EpochCase(Architecture architecture, Path dataset, String split, int inputSize, int batch, int workers,
              Device device, long seed) throws IOException {
        TrainConfig config = TrainConfig.builder(dataset.toString()).trainSplit(split == null ? "train" : split)
                .valSplit(null).model(ModelConfig.builder().architecture(architecture).inputSize(inputSize).build())
                .loss(LossConfig.defaults()).optimizer(OptimizerKind.SGD).schedule(LrSchedule.constant(StepRig.LR))
                .momentum(StepRig.MOMENTUM).weightDecay(StepRig.WEIGHT_DECAY).batchSize(batch).workers(workers)
                .augmentation(Augmentation.paper()).seed(seed).epochs(1_000_000)
                .checkpoints(CheckpointPolicy.every(0)).saveEverySeconds(0)
                .device(device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu").build();
        this.runDir = Files.createTempDirectory("jyolo-bench-epoch");
        this.trainer = Trainer.create(config, runDir.resolve("run"));
        this.size = trainer.trainSet().size();
        this.classes = trainer.classes().size();
        this.fit = new Thread(this::fit, "bench-epoch-fit");
        fit.setDaemon(true);
        fit.start();
    }

    private void fit() {
        try {
            go.acquire();
            if (!stop) {
                trainer.fit(new Pacer());
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            ended = true;
            done.release();
        }
    }

    /** Lets the trainer run one epoch at a time. */
    private final class Pacer implements TrainingListener {

        @Override
        public void onBatch(BatchProgress p) {
            loss = p.meanLoss();
            lastBatch = System.nanoTime();
        }

        @Override
        public void onEpoch(Trainer t, EpochRecord record) {
            epochEndSeconds += (System.nanoTime() - lastBatch) / 1e9;
            done.release();
            go.acquireUninterruptibly();
            if (stop) {
                Thread.currentThread().interrupt(); // the trainer stops before the next batch
            }
        }
    }

    /** One epoch of {@link Trainer#fit}. */
    @Override
    public void step() throws Exception {
        if (ended) {
            throw new IllegalStateException("the trainer stopped", failure);
        }
        go.release();
        done.acquire();
        if (ended) {
            throw new IllegalStateException("the trainer stopped during an epoch", failure);
        }
    }

    /** Warm-up = one whole untimed epoch: the Trainer's loop runs whole epochs, not a few steps. */
    @Override
    public void warmUp(int steps) throws Exception {
        if (steps > 0) {
            step();
        }
    }

    /** Epochs the trainer has completed. */
    int epochsDone() {
        return trainer.epoch();
    }

    /** The folder holding the run, deleted by {@link #close()}. */
    Path folder() {
        return runDir;
    }

    @Override
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("timed_class", Trainer.class.getName());
        info.put("images_per_pass", size);
        info.put("classes", classes);
        return info;
    }

    @Override
    public Map<String, Object> counters() {
        return Map.of("loss", loss, "epoch_end_s", epochEndSeconds);
    }

    @Override
    public void close() throws Exception {
        stop = true;
        go.release();
        fit.join(120_000);
        trainer.close();
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
