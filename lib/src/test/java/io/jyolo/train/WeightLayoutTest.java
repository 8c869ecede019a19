package io.jyolo.train;

import static io.jyolo.model.MemoryOrder.isChannelsLast;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import io.jyolo.engine.Engines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A convolution kernel updated alone is channels-last in memory from the first forward pass on, with its
 * momentum, again after a restore, and with the values an NCHW update gives.
 */
class WeightLayoutTest {

    private static final Shape KERNEL = new Shape(8, 4, 3, 3);

    @BeforeAll
    static void engine() {
        Engines.get();
    }

    @Test
    void aKernelAndItsMomentumAreChannelsLastFromTheFirstForwardPassAndAfterARestore() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PairList<String, Parameter> params = kernel(manager);
            float[] before = params.get(0).getValue().getArray().toFloatArray();
            assertFalse(isChannelsLast(params.get(0).getValue().getArray()), "created NCHW, so the check can fail");
            float[] grad = new float[(int) KERNEL.size()];
            for (int i = 0; i < grad.length; i++) {
                grad[i] = (i % 7) - 3f;
            }
            try (Optimizer sgd = Optimizer.sgd(manager, 0.9, 0).groupLimit(0)) {
                sgd.prepare(params);
                assertTrue(isChannelsLast(params.get(0).getValue().getArray()), "ordered before the forward pass");
                assertArrayEquals(before, params.get(0).getValue().getArray().toFloatArray(), 0f);
                backward(params, grad);
                sgd.step(params, 0.1);
                NDArray weight = params.get(0).getValue().getArray();
                assertTrue(isChannelsLast(weight));
                assertTrue(isChannelsLast(sgd.state.get("w/momentum")), "state " + sgd.state.keySet());
                float[] after = weight.toFloatArray();
                for (int i = 0; i < after.length; i++) {
                    assertEquals(before[i] - 0.1f * grad[i], after[i], 1e-6f); // v = g on the first step
                }
                assertTrue(params.get(0).getValue().requiresGradient());
                org.junit.jupiter.api.Assertions.assertNull(
                        ai.djl.pytorch.jni.JniUtils.getGradient((ai.djl.pytorch.engine.PtNDArray) weight),
                        "the next backward starts from no gradient");

                // through bytes, as a checkpoint goes: the arrays come back NCHW
                NDList saved = NDList.decode(manager, sgd.saveState(manager).encode());
                try (Optimizer restored = Optimizer.sgd(manager, 0.9, 0).groupLimit(0)) {
                    restored.loadState(saved);
                    assertFalse(isChannelsLast(restored.state.get("w/momentum")), "loaded NCHW");
                    restored.prepare(params);
                    assertTrue(isChannelsLast(restored.state.get("w/momentum")));
                    backward(params, grad);
                    restored.step(params, 0.1);
                    assertTrue(isChannelsLast(params.get(0).getValue().getArray()));
                    float[] second = params.get(0).getValue().getArray().toFloatArray();
                    for (int i = 0; i < second.length; i++) {
                        float v = 0.9f * grad[i] + grad[i];
                        assertEquals(after[i] - 0.1f * v, second[i], 1e-6f);
                    }
                }
            }
        }
    }

    private static PairList<String, Parameter> kernel(NDManager manager) {
        NDArray array = manager.randomNormal(KERNEL);
        array.setRequiresGradient(true);
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        p.setArray(array);
        PairList<String, Parameter> params = new PairList<>();
        params.add("w", p);
        return params;
    }

    /** Makes the kernel's gradient exactly {@code grad}: backward of sum(w * c) gives c. */
    private static void backward(PairList<String, Parameter> params, float[] grad) {
        try (NDManager sub = params.get(0).getValue().getArray().getManager().newSubManager();
                GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray w = params.get(0).getValue().getArray();
            collector.backward(w.mul(sub.create(grad, KERNEL)).sum());
        }
    }
}
