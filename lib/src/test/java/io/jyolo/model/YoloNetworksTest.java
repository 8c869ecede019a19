package io.jyolo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.jyolo.engine.Engines;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class YoloNetworksTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        Engines.get();
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray forward(YoloNetwork net, NDManager sub, long batch, boolean training) {
        NDArray input = sub.randomUniform(-1f, 1f, net.config().inputShape(batch));
        return net.forward(new ParameterStore(sub, false), new NDList(input), training).singletonOrThrow();
    }

    private static void assertOutputInUnitRange(NDArray out) {
        assertTrue(out.gte(0f).all().getBoolean() && out.lte(1f).all().getBoolean(), "output outside 0..1");
    }

    @Test
    void inferenceReleasesEachActivationOnceTheNextLayerHasIt() {
        ModelConfig config = ModelConfig.builder().architecture(Architecture.FAST).inputSize(128).classes(3).build();
        YoloNetwork net = YoloNetworks.create(config).initialize(manager);
        try (NDManager sub = manager.newSubManager()) {
            NDArray input = sub.randomUniform(-1f, 1f, config.inputShape(2));
            ParameterStore store = new ParameterStore(sub, false);
            int before = ((BaseNDManager) sub).getManagedArrays().size();
            NDArray out = net.forward(store, new NDList(input), false).singletonOrThrow();
            List<NDArray> alive = ((BaseNDManager) sub).getManagedArrays();
            assertEquals(before + 1, alive.size(), "arrays left by the forward: " + alive.stream().map(NDArray::getShape).toList());
            assertTrue(alive.contains(input) && alive.contains(out));
            // the same numbers as running the blocks one after the other without releasing anything
            NDList x = new NDList(input);
            for (YoloNetwork.Stage stage : net.stages()) {
                x = stage.block().forward(store, x, false);
            }
            assertTrue(out.allClose(x.singletonOrThrow()));
            // training keeps the activations (backward needs them): more arrays than input + output
            try (NDManager train = manager.newSubManager()) {
                NDArray in = train.randomUniform(-1f, 1f, config.inputShape(2));
                net.forward(new ParameterStore(train, false), new NDList(in), true);
                assertTrue(((BaseNDManager) train).getManagedArrays().size() > 2);
            }
        }
    }

    @Test
    void fullyConvolutionalOutputShapeAndRange() {
        ModelConfig config = ModelConfig.builder().architecture(Architecture.FULLY_CONVOLUTIONAL).inputSize(192)
                .boxesPerCell(2).classes(3).build();
        YoloNetwork net = YoloNetworks.create(config).initialize(manager);
        try (NDManager sub = manager.newSubManager()) {
            NDArray out = forward(net, sub, 1, false);
            assertEquals(new Shape(1, 3, 3, 13), out.getShape());
            assertOutputInUnitRange(out);
        }
    }

    @Test
    void fastOutputShapeRangeAndSoftmaxClasses() {
        for (OutputActivation activation : OutputActivation.values()) {
            ModelConfig config = ModelConfig.builder().architecture(Architecture.FAST).inputSize(192)
                    .boxesPerCell(3).classes(4).outputActivation(activation).build();
            YoloNetwork net = YoloNetworks.create(config).initialize(manager);
            try (NDManager sub = manager.newSubManager()) {
                NDArray out = forward(net, sub, 2, false);
                assertEquals(new Shape(2, 3, 3, 19), out.getShape(), activation.name());
                assertOutputInUnitRange(out);
                NDArray classSums = out.get(new NDIndex("..., 15:19")).sum(new int[] {-1});
                if (activation != OutputActivation.SIGMOID) {
                    assertTrue(classSums.sub(1f).abs().lt(1e-5f).all().getBoolean(), activation.name());
                }
            }
        }
    }

    @Test
    void stagesAreNamedAndFeatureMapsEndInTheOutput() {
        ModelConfig config = ModelConfig.builder().architecture(Architecture.FAST).inputSize(128).classes(3).build();
        YoloNetwork net = YoloNetworks.create(config).initialize(manager);
        List<String> names = net.stages().stream().map(YoloNetwork.Stage::name).toList();
        assertEquals(List.of("stage1", "stage2", "stage3", "stage4", "stage5", "stage6", "stage7", "head", "output"),
                names);
        try (NDManager sub = manager.newSubManager()) {
            NDArray input = sub.randomUniform(-1f, 1f, config.inputShape(1));
            NDArray direct = net.forward(new ParameterStore(sub, false), new NDList(input), false).singletonOrThrow();
            List<FeatureMaps.FeatureMap> stages = FeatureMaps.collect(net, input);
            assertEquals(names, stages.stream().map(FeatureMaps.FeatureMap::name).toList());
            assertEquals(new Shape(1, 16, 64, 64), stages.get(0).output().getShape());
            assertEquals(new Shape(1, 256, 2, 2), stages.get(6).output().getShape());
            assertTrue(direct.allClose(stages.get(stages.size() - 1).output()));

            List<FeatureMaps.FeatureMap> layers = FeatureMaps.collectLayers(net, input);
            assertEquals("stage1/conv1", layers.get(0).name());
            assertEquals("stage1/pool1", layers.get(1).name());
            assertEquals(new Shape(1, 16, 128, 128), layers.get(0).output().getShape());
            assertTrue(layers.stream().anyMatch(m -> m.name().equals("stage7/conv8")));
            assertTrue(direct.allClose(layers.get(layers.size() - 1).output()));
        }
    }

    @Test
    void originalHasTwentyFourConvolutionsTheTableShapesAndAGridOutput() {
        ModelConfig config = ModelConfig.builder().inputSize(128).classes(20).build();
        YoloNetwork net = YoloNetworks.create(config);
        long convs = net.stages().stream().flatMap(s -> s.layerNames().stream()).filter(n -> n.startsWith("conv"))
                .count();
        assertEquals(24, convs);
        net.initialize(manager);
        // Shapes of the SEED.md table at 448, scaled to 128: 64x32x32, 192x16x16, 512x8x8, 1024x4x4, 1024x2x2.
        Shape[] expected = {new Shape(1, 64, 32, 32), new Shape(1, 192, 16, 16), new Shape(1, 512, 8, 8),
            new Shape(1, 1024, 4, 4), new Shape(1, 1024, 2, 2), new Shape(1, 1024, 2, 2)};
        try (NDManager sub = manager.newSubManager()) {
            List<FeatureMaps.FeatureMap> maps = FeatureMaps.collect(net, sub.zeros(config.inputShape(1)));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], maps.get(i).output().getShape(), maps.get(i).name());
            }
            NDArray out = forward(net, sub, 2, false);
            assertEquals(new Shape(2, 2, 2, 30), out.getShape());
            assertOutputInUnitRange(out);
            assertEquals(new Shape(2, 2, 2, 30), forward(net, sub, 2, true).getShape());
        }
    }

    @Test
    void parametersSurviveASaveLoadRoundTrip() throws Exception {
        ModelConfig config = ModelConfig.builder().architecture(Architecture.FAST).inputSize(128).classes(3).build();
        YoloNetwork saved = YoloNetworks.create(config).initialize(manager);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            saved.saveParameters(out);
        }
        YoloNetwork loaded = YoloNetworks.create(config).initialize(manager);
        try (java.io.DataInputStream in = new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            loaded.loadParameters(manager, in);
        }
        try (NDManager sub = manager.newSubManager()) {
            NDArray input = sub.randomUniform(-1f, 1f, config.inputShape(1));
            ParameterStore store = new ParameterStore(sub, false);
            NDArray a = saved.forward(store, new NDList(input), false).singletonOrThrow();
            NDArray b = loaded.forward(store, new NDList(input), false).singletonOrThrow();
            assertTrue(a.allClose(b), "same output after reload");
        }
    }

    @Test
    void flattenPutsChannelsFastest() {
        try (NDManager sub = manager.newSubManager()) {
            // N=1, C=2, H=2, W=2: value = 100c + 10h + w
            NDArray nchw = sub.create(new float[] {0, 1, 10, 11, 100, 101, 110, 111}, new Shape(1, 2, 2, 2));
            float[] flat = Layers.flattenHwc(nchw).toFloatArray();
            assertArrayEquals(new float[] {0, 100, 1, 101, 10, 110, 11, 111}, flat);
        }
    }

    @Test
    void initialisationFollowsTheOriginal() {
        ModelConfig config = ModelConfig.builder().architecture(Architecture.FAST).inputSize(128).classes(3).build();
        YoloNetwork net = YoloNetworks.create(config).initialize(manager);
        int checkedConvs = 0;
        for (Pair<String, Parameter> pair : net.getParameters()) {
            Parameter p = pair.getValue();
            NDArray value = p.getArray();
            switch (p.getType()) {
                case GAMMA -> assertEquals(value.size(), value.eq(1f).sum().getLong(), pair.getKey());
                case BETA, BIAS -> assertEquals(value.size(), value.eq(0f).sum().getLong(), pair.getKey());
                case WEIGHT -> {
                    Shape s = p.getShape();
                    double std = Math.sqrt(value.square().mean().getFloat());
                    if (s.dimension() == 4) {
                        double fanIn = s.get(1) * s.get(2) * s.get(3);
                        if (value.size() > 10_000) {
                            assertEquals(Math.sqrt(2 / fanIn), std, 0.05 * Math.sqrt(2 / fanIn), pair.getKey());
                            checkedConvs++;
                        }
                    } else {
                        assertEquals(0.01, std, 0.001, pair.getKey());
                    }
                }
                default -> {
                }
            }
        }
        assertTrue(checkedConvs >= 5, "checked " + checkedConvs + " convolutions");
    }
}
