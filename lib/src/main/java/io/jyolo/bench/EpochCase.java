package io.jyolo.bench;

import ai.djl.Device;
import io.jyolo.data.Augmentation;
import io.jyolo.data.Batch;
import io.jyolo.data.DataLoader;
import io.jyolo.data.VocDataset;
import io.jyolo.model.Architecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A training epoch end to end: the project's {@link DataLoader} feeding {@link Trainer} batch by batch. */
final class EpochCase implements BenchCase {

    private final DataLoader loader;
    private final Trainer trainer;
    private final int size;
    private final int classes;
    private int epoch;

    EpochCase(Architecture architecture, Path dataset, String split, int inputSize, int batch, int workers,
              Device device, long seed) throws IOException {
        VocDataset voc = VocDataset.open(dataset, split);
        this.size = voc.size();
        this.classes = voc.classes().size();
        this.trainer = new Trainer(architecture, inputSize, classes, device);
        this.loader = DataLoader.builder(voc, trainer.config().layout()).inputSize(inputSize).batchSize(batch)
                .workers(workers).augmentation(Augmentation.paper()).seed(seed).build();
    }

    @Override
    public void step() {
        try (DataLoader.Epoch e = loader.epoch(epoch++)) {
            for (Batch b : e) {
                trainer.step(b.images(), b.targets(), b.size());
            }
        }
    }

    /** Warm-up = {@code steps} training steps on the first batch of a throw-away epoch (a full epoch costs too much). */
    @Override
    public void warmUp(int steps) {
        if (steps <= 0) {
            return;
        }
        try (DataLoader.Epoch e = loader.epoch(Integer.MAX_VALUE)) {
            Batch b = e.iterator().next();
            for (int i = 0; i < steps; i++) {
                trainer.step(b.images(), b.targets(), b.size());
            }
        }
    }

    @Override
    public Map<String, Object> info() {
        return Map.of("images_per_pass", size, "classes", classes);
    }

    @Override
    public Map<String, Object> counters() {
        return Map.of("loss", trainer.lastLoss());
    }

    @Override
    public void close() {
        loader.close();
        trainer.close();
    }
}
