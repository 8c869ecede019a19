package io.jyolo.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.jyolo.engine.Engines;
import io.jyolo.engine.HostReads;
import io.jyolo.loss.LossResult;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import io.jyolo.train.Optimizer;

/**
 * The training step the benchmark times, built only from the project's own pieces: the network
 * of {@link YoloNetworks}, {@link YoloLoss} with its defaults and {@link Optimizer#sgd} with the
 * original's settings (lr 5e-3, momentum 0.9, weight decay 5e-4). Each step runs in its own
 * sub-manager, which is closed with it, as the project's rules ask of every training step.
 */
final class Trainer implements AutoCloseable {

    static final double LR = 5e-3;
    static final double MOMENTUM = 0.9;
    static final double WEIGHT_DECAY = 5e-4;

    private final NDManager manager;
    private final YoloNetwork net;
    private final YoloLoss loss;
    private final Optimizer optimizer;
    private final ModelConfig config;
    private final DirectInput imageInput = new DirectInput();
    private final DirectInput targetInput = new DirectInput();
    /** The last step's loss, left on the device (attached to {@link #manager}) until {@link #lastLoss} reads it. */
    private NDArray lastLoss;
    /** Accumulated seconds per phase: forward, loss, backward, optimizer (where a slow step spends its time). */
    private final double[] phaseSeconds = new double[4];

    Trainer(Architecture architecture, int inputSize, int classes, Device device) {
        Engines.get();
        this.config = ModelConfig.builder().architecture(architecture).inputSize(inputSize).classes(classes).build();
        this.manager = NDManager.newBaseManager(device);
        this.net = YoloNetworks.create(config);
        net.initialize(manager);
        this.loss = new YoloLoss(config.layout());
        this.optimizer = Optimizer.sgd(manager, MOMENTUM, WEIGHT_DECAY);
    }

    ModelConfig config() {
        return config;
    }

    YoloNetwork network() {
        return net;
    }

    NDManager manager() {
        return manager;
    }

    /**
     * One forward, loss, backward and SGD update on {@code n} images. Reads nothing from the device, as
     * the trainer's step does: the loss stays there for {@link #lastLoss}.
     */
    void step(float[] images, float[] targets, int n) {
        int s = config.gridSize();
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = imageInput.create(sub, images, config.inputShape(n));
            NDArray y = targetInput.create(sub, targets, new Shape(n, s, s, config.layout().targetChannels()));
            long t0 = System.nanoTime();
            long t1;
            long t2;
            try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                // a store per step: it caches parameter arrays, which each optimizer step replaces
                NDArray prediction = net.forward(new ParameterStore(manager, false), new NDList(x), true)
                        .singletonOrThrow();
                t1 = System.nanoTime();
                LossResult result = loss.compute(prediction, y);
                t2 = System.nanoTime();
                collector.backward(result.total());
                NDArray kept = result.total().stopGradient();
                kept.attach(manager);
                if (lastLoss != null) {
                    lastLoss.close();
                }
                lastLoss = kept;
            }
            long t3 = System.nanoTime();
            optimizer.step(net.getParameters(), LR);
            long t4 = System.nanoTime();
            phaseSeconds[0] += (t1 - t0) / 1e9;
            phaseSeconds[1] += (t2 - t1) / 1e9;
            phaseSeconds[2] += (t3 - t2) / 1e9;
            phaseSeconds[3] += (t4 - t3) / 1e9;
        }
    }

    /** Seconds spent so far in forward, loss, backward and the optimizer update. */
    java.util.Map<String, Object> phases() {
        return java.util.Map.of("forward_s", phaseSeconds[0], "loss_s", phaseSeconds[1],
                "backward_s", phaseSeconds[2], "optimizer_s", phaseSeconds[3]);
    }

    /** The last step's loss (one host read), NaN before the first step. */
    double lastLoss() {
        return lastLoss == null ? Double.NaN : HostReads.floats(lastLoss)[0];
    }

    /** Trainable parameters (BatchNorm running statistics are DJL parameters too, but not trained). */
    long parameterCount() {
        long count = 0;
        for (var p : net.getParameters()) {
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
