package io.jyolo.train;

import ai.djl.ndarray.NDManager;
import io.jyolo.data.Augmentation;
import io.jyolo.data.DataLoader;
import io.jyolo.data.ResizeMode;
import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import io.jyolo.data.VocDataset;
import io.jyolo.loss.LossConfig;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import java.io.IOException;
import java.nio.file.Path;

/** A Fast YOLO at 128 px (S=2) on its own manager, with a loss, for testing the trainer's parts without a run. */
final class TinyNetwork implements AutoCloseable {

    final NDManager manager = NDManager.newBaseManager();
    final ModelConfig model;
    final YoloNetwork network;
    final YoloLoss loss;

    TinyNetwork(int classes) {
        model = ModelConfig.builder().architecture(Architecture.FAST).inputSize(128).classes(classes).build();
        network = YoloNetworks.create(model).initialize(manager);
        loss = new YoloLoss(model.layout(), LossConfig.defaults());
    }

    /** A training step for this network with {@code optimizer} (attached to {@link #manager}), seed 11. */
    TrainingStep step(Optimizer optimizer) {
        return new TrainingStep(network, loss, optimizer, manager, 11);
    }

    /** A generated dataset of {@code count} images of 96 px, split into train, val and test. */
    static Path shapes(Path dir, int count) throws IOException {
        SyntheticShapes.generate(SynthConfig.builder(dir).count(count).imageSize(96).seed(3).maxObjects(3).build());
        return dir;
    }

    /** An unshuffled, unaugmented loader over {@code dataset}, batches of {@code batch}. */
    DataLoader loader(VocDataset dataset, int batch, boolean strict) {
        return DataLoader.builder(dataset, model.layout()).inputSize(model.inputSize()).batchSize(batch)
                .shuffle(false).seed(1).augmentation(Augmentation.none()).resizeMode(ResizeMode.STRETCH)
                .workers(1).strict(strict).build();
    }

    @Override
    public void close() {
        manager.close();
    }
}
