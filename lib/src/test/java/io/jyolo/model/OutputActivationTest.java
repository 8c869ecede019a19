package io.jyolo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.jyolo.engine.Engines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-channel behaviour of the output activations on one cell with B=1, C=2 (channels x y w h conf c0 c1). */
class OutputActivationTest {

    private static final OutputLayout LAYOUT = new OutputLayout(1, 1, 2);
    private static final float[] RAW = {0.5f, -1f, -0.3f, 1.7f, 2f, 1f, 3f};

    @BeforeAll
    static void engine() {
        Engines.get();
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static float[] apply(OutputActivation activation, NDManager manager) {
        return activation.apply(manager.create(RAW, new Shape(1, 1, 1, 7)), LAYOUT).toFloatArray();
    }

    @Test
    void sigmoidEverywhere() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] out = apply(OutputActivation.SIGMOID, manager);
            for (int i = 0; i < RAW.length; i++) {
                assertEquals(sigmoid(RAW[i]), out[i], 1e-6);
            }
        }
    }

    @Test
    void sigmoidSoftmaxNormalisesClassesOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] out = apply(OutputActivation.SIGMOID_SOFTMAX, manager);
            for (int i = 0; i < 5; i++) {
                assertEquals(sigmoid(RAW[i]), out[i], 1e-6);
            }
            double z = Math.exp(1) + Math.exp(3);
            assertEquals(Math.exp(1) / z, out[5], 1e-6);
            assertEquals(Math.exp(3) / z, out[6], 1e-6);
        }
    }

    @Test
    void linearSoftmaxClipsSizesButPassesTheirGradientThrough() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray raw = manager.create(RAW, new Shape(1, 1, 1, 7));
            raw.setRequiresGradient(true);
            float[] out;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray activated = OutputActivation.LINEAR_SOFTMAX.apply(raw, LAYOUT);
                out = activated.toFloatArray();
                collector.backward(activated.get("..., 2:4").sum());
            }
            assertEquals(sigmoid(0.5), out[0], 1e-6);
            assertEquals(sigmoid(-1), out[1], 1e-6);
            assertEquals(0f, out[2]);          // -0.3 clipped to 0
            assertEquals(1f, out[3]);          // 1.7 clipped to 1
            assertEquals(sigmoid(2), out[4], 1e-6);
            assertEquals(1.0, out[5] + out[6], 1e-6);
            assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0}, raw.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void wrongChannelCountIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray raw = manager.zeros(new Shape(1, 1, 1, 8));
            assertThrows(IllegalArgumentException.class, () -> OutputActivation.SIGMOID.apply(raw, LAYOUT));
        }
    }
}
