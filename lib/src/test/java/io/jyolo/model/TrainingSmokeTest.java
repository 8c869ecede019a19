package io.jyolo.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.jyolo.engine.Engines;
import io.jyolo.loss.LossResult;
import io.jyolo.loss.YoloLoss;
import io.jyolo.train.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Network + loss + the trainer's SGD on one fixed random batch: the loss must go down, so gradients
 * flow. The engine's generator is seeded, so initialisation and dropout do not depend on which tests
 * ran before in the same JVM.
 */
class TrainingSmokeTest {

    private static final int BATCH = 2;

    @Test
    void sgdStepsReduceTheLossOfAFixedBatch() {
        Engines.get().setRandomSeed(11);
        ModelConfig config = ModelConfig.builder().architecture(Architecture.FAST).inputSize(128).boxesPerCell(2)
                .classes(3).build();
        OutputLayout layout = config.layout();
        Random random = new Random(7);
        float[] images = new float[BATCH * 3 * 128 * 128];
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextFloat() * 2 - 1;
        }
        float[] target = randomTarget(layout, random);
        YoloLoss loss = new YoloLoss(layout);

        List<Double> losses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNetwork net = YoloNetworks.create(config).initialize(manager);
            Optimizer sgd = Optimizer.sgd(manager, 0.9, 0);
            for (int step = 0; step < 20; step++) {
                try (NDManager sub = manager.newSubManager()) {
                    NDArray x = sub.create(images, config.inputShape(BATCH));
                    NDArray y = sub.create(target, new Shape(BATCH, layout.gridSize(), layout.gridSize(),
                            layout.targetChannels()));
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        // a store per step: each optimizer step gives the parameters fresh arrays
                        NDArray out = net.forward(new ParameterStore(sub, false), new NDList(x), true)
                                .singletonOrThrow();
                        LossResult result = loss.compute(out, y);
                        collector.backward(result.total());
                        losses.add(result.parts().total());
                        assertTrue(Double.isFinite(result.parts().total()), "loss at step " + step + ": " + losses);
                    }
                    sgd.step(net.getParameters(), 1e-3);
                }
            }
        }
        double first = losses.get(0);
        double last = (losses.get(17) + losses.get(18) + losses.get(19)) / 3;
        System.out.printf("smoke: loss %.4f -> %.4f over 20 SGD steps (%s)%n", first, last, losses);
        assertTrue(last < 0.6 * first, "loss did not go down: " + losses);
    }

    /** One or two objects per image in distinct cells, random positions, sizes and classes. */
    private static float[] randomTarget(OutputLayout layout, Random random) {
        int s = layout.gridSize();
        int ch = layout.targetChannels();
        float[] target = new float[BATCH * s * s * ch];
        for (int n = 0; n < BATCH; n++) {
            int objects = 1 + random.nextInt(2);
            for (int k = 0; k < objects; k++) {
                int cell = (n + k * 3) % (s * s);
                int base = (n * s * s + cell) * ch;
                target[base] = random.nextFloat();
                target[base + 1] = random.nextFloat();
                target[base + 2] = 0.1f + 0.8f * random.nextFloat();
                target[base + 3] = 0.1f + 0.8f * random.nextFloat();
                target[base + OutputLayout.TARGET_OBJECT] = 1f;
                target[base + OutputLayout.TARGET_CLASS + random.nextInt(layout.classes())] = 1f;
            }
        }
        return target;
    }
}
