package io.jyolo.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.jyolo.engine.Engines;
import io.jyolo.loss.LossResult;
import io.jyolo.loss.YoloLoss;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Measures forward + backward time per image at 448 (batch 2, one warm-up, three timed
 * iterations). A measurement, not a check: it only runs with {@code -Djyolo.timing=true}.
 */
@EnabledIfSystemProperty(named = "jyolo.timing", matches = "true")
class ForwardBackwardTimingTest {

    private static final int BATCH = 2;
    private static final int ITERATIONS = 3;

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void forwardBackwardAt448(Architecture architecture) {
        Engines.get();
        ModelConfig config = ModelConfig.builder().architecture(architecture).build();
        YoloLoss loss = new YoloLoss(config.layout());
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNetwork net = YoloNetworks.create(config).initialize(manager);
            ParameterStore parameters = new ParameterStore(manager, false);
            long timed = 0;
            for (int i = 0; i <= ITERATIONS; i++) {
                try (NDManager sub = manager.newSubManager()) {
                    NDArray x = sub.randomUniform(-1f, 1f, config.inputShape(BATCH));
                    NDArray y = sub.zeros(new ai.djl.ndarray.types.Shape(BATCH, 7, 7,
                            config.layout().targetChannels()));
                    long start = System.nanoTime();
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray out = net.forward(parameters, new NDList(x), true).singletonOrThrow();
                        LossResult result = loss.compute(out, y);
                        collector.backward(result.total());
                        assertTrue(Double.isFinite(result.parts().total()));
                    }
                    if (i > 0) {
                        timed += System.nanoTime() - start;
                    }
                }
            }
            System.out.printf("TIMING %s @448: %.0f ms forward+backward per image (batch %d, %d iterations)%n",
                    architecture, timed / 1e6 / (ITERATIONS * BATCH), BATCH, ITERATIONS);
        }
    }
}
