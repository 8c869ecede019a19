package io.jyolo.model;

import static io.jyolo.model.MemoryOrder.isChannelsLast;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.jyolo.engine.Engines;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The channels-last order the networks compute in on a CPU: the copy keeps shape and values, really is
 * channels-last in memory, and a network gives what the NCHW computation gives, forward and backward,
 * to the rounding of float sums.
 */
class ComputeLayoutTest {

    @BeforeAll
    static void engine() {
        Engines.get();
    }

    @Test
    void anImageBatchIsCopiedIntoChannelsLastOrderWithItsShapeAndValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 8, 6));
            assertFalse(isChannelsLast(images), "a fresh array is NCHW, so the check can fail");
            NDArray ordered = ComputeLayout.of(images);
            assertTrue(ComputeLayout.reorders(images));
            assertTrue(isChannelsLast(ordered));
            assertEquals(images.getShape(), ordered.getShape());
            assertArrayEquals(images.toFloatArray(), ordered.toFloatArray(), 0f);
            assertEquals(manager, ordered.getManager());
            assertFalse(isChannelsLast(images), "the input is left as it was");
            NDArray flat = manager.ones(new Shape(2, 3, 8));
            assertSame(flat, ComputeLayout.of(flat), "only 4-d arrays are reordered");
        }
    }

    @Test
    void aNetworkGivesTheNchwOutputAndGradientsToTheRoundingOfFloatSums() {
        ModelConfig config = ModelConfig.builder().architecture(Architecture.FAST).inputSize(128).classes(3).dropout(0f)
                .build(); // no dropout: both training forwards must compute the same function
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            YoloNetwork net = YoloNetworks.create(config).initialize(manager);
            NDArray input = manager.randomUniform(-1f, 1f, config.inputShape(2));
            ParameterStore store = new ParameterStore(manager, false);
            // the stages one by one, as FeatureMaps runs them: the input as it is, NCHW
            NDList nchw = new NDList(input);
            for (YoloNetwork.Stage stage : net.stages()) {
                nchw = stage.block().forward(store, nchw, false);
            }
            NDArray ordered = net.forward(store, new NDList(input), false).singletonOrThrow();
            assertTrue(ordered.allClose(nchw.singletonOrThrow(), 1e-4, 1e-5, false));

            // gradients: two networks with the same weights (a second backward would add to the first's), with
            // BatchNorm on its running statistics: batch statistics of a few pixels per channel in the last
            // stages would magnify the rounding differences that this test allows
            List<float[]> gradients = new java.util.ArrayList<>();
            for (boolean reorder : new boolean[] {false, true}) {
                Engine.getInstance().setRandomSeed(5);
                YoloNetwork twin = YoloNetworks.create(config).initialize(manager);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray out = reorder ? twin.forward(store, new NDList(input), false).singletonOrThrow()
                            : stageByStage(twin, store, input);
                    collector.backward(out.square().sum());
                }
                NDArray kernel = twin.namedParameters().entrySet().stream()
                        .filter(e -> e.getKey().startsWith("stage2/"))
                        .filter(e -> e.getValue().getArray().getShape().dimension() == 4)
                        .findFirst().orElseThrow().getValue().getArray();
                gradients.add(kernel.getGradient().toFloatArray());
            }
            float[] plain = gradients.get(0);
            float[] reordered = gradients.get(1);
            double scale = 0;
            for (float g : plain) {
                scale = Math.max(scale, Math.abs(g));
            }
            assertTrue(scale > 0, "the kernel got a gradient");
            assertArrayEquals(plain, reordered, (float) (1e-4 * scale));
        }
    }

    @Test
    void orderingTheKernelsOfANetworkThatInfersKeepsItsWeightsAndItsOutput() {
        ModelConfig config = ModelConfig.builder().architecture(Architecture.FAST).inputSize(128).classes(3).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(6);
            YoloNetwork net = YoloNetworks.create(config).initialize(manager);
            NDArray input = manager.randomUniform(-1f, 1f, config.inputShape(2));
            ParameterStore store = new ParameterStore(manager, false);
            float[] before = net.forward(store, new NDList(input), false).singletonOrThrow().toFloatArray();
            java.util.Map<String, float[]> weights = new java.util.HashMap<>();
            net.namedParameters().forEach((name, p) -> weights.put(name, p.getArray().toFloatArray()));

            ComputeLayout.orderKernels(net);
            int kernels = 0;
            for (var e : net.namedParameters().entrySet()) {
                NDArray array = e.getValue().getArray();
                assertArrayEquals(weights.get(e.getKey()), array.toFloatArray(), 0f, e.getKey());
                if (array.getShape().dimension() == 4) {
                    assertTrue(isChannelsLast(array), e.getKey());
                    kernels++;
                }
            }
            assertEquals(8, kernels, "Fast YOLO's eight convolutions");
            // a new store: a store keeps the arrays it handed out, and the old ones are closed
            float[] after = net.forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow().toFloatArray();
            assertArrayEquals(before, after, 1e-6f);
        }
    }

    private static NDArray stageByStage(YoloNetwork net, ParameterStore store, NDArray input) {
        NDList x = new NDList(input);
        for (YoloNetwork.Stage stage : net.stages()) {
            x = stage.block().forward(store, x, false);
        }
        return x.singletonOrThrow();
    }
}
