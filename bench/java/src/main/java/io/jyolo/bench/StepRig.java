package io.jyolo.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.jyolo.engine.Engines;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import io.jyolo.train.Optimizer;
import io.jyolo.train.TrainingStep;

/**
 * The library's {@link TrainingStep} set up as {@code io.jyolo.train.Trainer} sets it up for an SGD run:
 * a network of {@link YoloNetworks} initialised in a training manager, {@link YoloLoss} with its defaults,
 * {@link Optimizer#sgd} with the PyTorch original's settings (lr 5e-3, momentum 0.9, weight decay 5e-4),
 * which the PyTorch reference ({@code bench/py/jyref}) uses too.
 */
final class StepRig implements AutoCloseable {

    static final double LR = 5e-3;
    static final double MOMENTUM = 0.9;
    static final double WEIGHT_DECAY = 5e-4;

    private final ModelConfig config;
    private final NDManager manager;
    private final YoloNetwork network;
    private final Optimizer optimizer;
    private final TrainingStep step;

    StepRig(Architecture architecture, int inputSize, int classes, Device device, long seed) {
        Engines.disableGradientsOnThisThread(); // as the Trainer does: no autograd outside the step's collector
        this.config = ModelConfig.builder().architecture(architecture).inputSize(inputSize).classes(classes).build();
        this.manager = NDManager.newBaseManager(device);
        this.network = YoloNetworks.create(config).initialize(manager);
        this.optimizer = Optimizer.sgd(manager, MOMENTUM, WEIGHT_DECAY);
        this.step = new TrainingStep(network, new YoloLoss(config.layout()), optimizer, manager, seed);
    }

    ModelConfig config() {
        return config;
    }

    YoloNetwork network() {
        return network;
    }

    TrainingStep step() {
        return step;
    }

    /** The training manager the network and the optimizer state live in. */
    NDManager manager() {
        return manager;
    }

    /** Trainable parameters (BatchNorm running statistics are DJL parameters too, but not trained). */
    long parameterCount() {
        long count = 0;
        for (var p : network.getParameters()) {
            if (p.getValue().requiresGradient()) {
                count += p.getValue().getArray().getShape().size();
            }
        }
        return count;
    }

    @Override
    public void close() {
        optimizer.close();
        manager.close();
    }
}
