package io.jyolo.model;

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
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import io.jyolo.engine.Engines;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResNetsTest {

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

    private static ModelConfig config(Architecture architecture, int size) {
        return ModelConfig.builder().architecture(architecture).inputSize(size).boxesPerCell(2).classes(3).build();
    }

    private static long learnable(Map<String, Parameter> parameters) {
        return parameters.entrySet().stream().filter(e -> !e.getKey().contains("running_"))
                .mapToLong(e -> e.getValue().getArray().size()).sum();
    }

    /**
     * torchvision's totals (sum of numel over parameters()) minus its 1000-class classifier:
     * resnet18 11,689,512 - 513,000; resnet34 21,797,672 - 513,000; resnet50 25,557,032 - 2,049,000.
     */
    @Test
    void backbonesHaveTorchvisionsParameterCountsAndNames() {
        long[] expected = {11_689_512L - 513_000L, 21_797_672L - 513_000L, 25_557_032L - 2_049_000L};
        Architecture[] resnets = {Architecture.RESNET18, Architecture.RESNET34, Architecture.RESNET50};
        for (int i = 0; i < resnets.length; i++) {
            try (NDManager sub = manager.newSubManager()) {
                YoloNetwork net = YoloNetworks.create(config(resnets[i], 64)).initialize(sub);
                Map<String, Parameter> parameters = ResNets.torchvisionParameters(net);
                assertEquals(expected[i], learnable(parameters), resnets[i].toString());
                // + reduce (3x3/2 from layer4's width to 1024, 3x3 1024, each with BatchNorm's 2 x 1024)
                // + head (1x1 1024, 1x1 256 with BatchNorm, 1x1 to 5B+C = 13 with bias)
                long width = resnets[i] == Architecture.RESNET50 ? 2048 : 512;
                long reduce = width * 1024 * 9 + 2048 + 1024L * 1024 * 9 + 2048;
                long head = 1024L * 1024 + 2048 + 1024 * 256 + 512 + 256 * 13 + 13;
                assertEquals(expected[i] + reduce + head, ParameterCounts.learnable(net), resnets[i] + " in all");
                assertEquals(new Shape(64, 3, 7, 7), parameters.get("conv1.weight").getArray().getShape());
                assertEquals(new Shape(64), parameters.get("bn1.running_mean").getArray().getShape());
                boolean bottleneck = resnets[i] == Architecture.RESNET50;
                assertEquals(bottleneck ? new Shape(512, 256, 1, 1) : new Shape(128, 64, 1, 1),
                        parameters.get("layer2.0.downsample.0.weight").getArray().getShape());
                assertEquals(bottleneck, parameters.containsKey("layer1.0.downsample.0.weight"),
                        "layer1 of a Bottleneck net widens 64 to 256");
            }
        }
    }

    @Test
    void bottleneckCarriesTheStrideOnItsThreeByThree() {
        try (NDManager sub = manager.newSubManager()) {
            YoloNetwork net = YoloNetworks.create(config(Architecture.RESNET50, 64)).initialize(sub);
            Map<String, Parameter> parameters = ResNets.torchvisionParameters(net);
            assertEquals(new Shape(128, 256, 1, 1), parameters.get("layer2.0.conv1.weight").getArray().getShape());
            assertEquals(new Shape(128, 128, 3, 3), parameters.get("layer2.0.conv2.weight").getArray().getShape());
            assertEquals(new Shape(512, 128, 1, 1), parameters.get("layer2.0.conv3.weight").getArray().getShape());
            // at 128 px the stem gives 32, layer2 16, layer3 8, layer4 4, reduce 2: the stride-2 3x3 halves it
            NDArray input = sub.randomUniform(-1f, 1f, new Shape(1, 3, 128, 128));
            List<FeatureMaps.FeatureMap> maps = FeatureMaps.collect(YoloNetworks.create(config(Architecture.RESNET50, 128))
                    .initialize(sub), input);
            assertEquals(List.of("input", "stem", "layer1", "layer2", "layer3", "layer4", "reduce", "head", "output"),
                    maps.stream().map(FeatureMaps.FeatureMap::name).toList());
            assertEquals(new Shape(1, 512, 16, 16), maps.get(3).output().getShape());
            assertEquals(new Shape(1, 2048, 4, 4), maps.get(5).output().getShape());
            assertEquals(new Shape(1, 1024, 2, 2), maps.get(6).output().getShape());
        }
    }

    @Test
    void anyMultipleOf64GivesTheGridAndInferenceMatchesTraining() {
        for (int size : new int[] {64, 192}) {
            ModelConfig config = config(Architecture.RESNET18, size);
            try (NDManager sub = manager.newSubManager()) {
                YoloNetwork net = YoloNetworks.create(config).initialize(sub);
                NDArray input = sub.randomUniform(-1f, 1f, config.inputShape(2));
                ParameterStore store = new ParameterStore(sub, false);
                NDArray fast = net.forward(store, new NDList(input), false).singletonOrThrow();
                int s = size / 64;
                assertEquals(new Shape(2, s, s, 13), fast.getShape());
                // the releasing inference path gives what the plain stage-by-stage forward gives, in the same
                // memory order (ComputeLayoutTest compares the orders)
                NDList x = new NDList(ComputeLayout.of(input));
                for (YoloNetwork.Stage stage : net.stages()) {
                    x = stage.block().forward(store, x, false);
                }
                assertTrue(fast.allClose(x.singletonOrThrow(), 1e-5, 1e-6, false));
                assertTrue(input.getShape().equals(config.inputShape(2)), "the input survives the forward");
            }
        }
    }

    @Test
    void gradientsReachTheStemThroughEveryResidualBlock() {
        ModelConfig config = config(Architecture.RESNET18, 64);
        try (NDManager sub = manager.newSubManager()) {
            YoloNetwork net = YoloNetworks.create(config).initialize(sub);
            NDArray input = sub.randomUniform(-1f, 1f, config.inputShape(2));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = net.forward(new ParameterStore(sub, false), new NDList(input), true).singletonOrThrow();
                collector.backward(out.square().sum());
            }
            Map<String, Parameter> parameters = ResNets.torchvisionParameters(net);
            for (String name : List.of("conv1.weight", "bn1.weight", "layer1.0.conv2.weight",
                    "layer2.0.downsample.0.weight", "layer4.1.bn2.bias")) {
                float norm = parameters.get(name).getArray().getGradient().abs().sum().getFloat();
                assertTrue(norm > 0f, name + " got no gradient");
            }
        }
    }

    @Test
    void imageNetNormalisationIsTheInputStageOfResNetsOnly() {
        assertEquals(InputNormalization.IMAGENET, config(Architecture.RESNET34, 64).inputNormalization());
        assertEquals(InputNormalization.SYMMETRIC, config(Architecture.FAST, 64).inputNormalization());
        assertEquals(InputNormalization.SYMMETRIC, config(Architecture.RESNET18, 64).toBuilder()
                .architecture(Architecture.FAST).build().inputNormalization(), "a default follows the architecture");
        assertEquals(InputNormalization.IMAGENET, config(Architecture.FAST, 64).toBuilder()
                .inputNormalization(InputNormalization.IMAGENET).build().toBuilder().build().inputNormalization(),
                "a choice stays");
        try (NDManager sub = manager.newSubManager()) {
            float[] pixels = {0, 128, 255};
            float[] symmetric = new float[3 * 3];
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 3; i++) {
                    symmetric[c * 3 + i] = pixels[i] / 255f * 2f - 1f;
                }
            }
            NDArray in = sub.create(symmetric, new Shape(1, 3, 1, 3));
            float[] out = InputNormalization.IMAGENET.apply(in).toFloatArray();
            float[] mean = {0.485f, 0.456f, 0.406f};
            float[] std = {0.229f, 0.224f, 0.225f};
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 3; i++) {
                    assertEquals((pixels[i] / 255f - mean[c]) / std[c], out[c * 3 + i], 1e-5f, "channel " + c);
                }
            }
            float[] unit = InputNormalization.UNIT.apply(in).toFloatArray();
            for (int i = 0; i < 9; i++) {
                assertEquals(pixels[i % 3] / 255f, unit[i], 1e-6f, "darknet's v / 255");
            }
            YoloNetwork fast = YoloNetworks.create(config(Architecture.FAST, 64));
            assertFalse(fast.stages().stream().anyMatch(st -> st.name().equals("input")));
            YoloNetwork fastImageNet = YoloNetworks.create(config(Architecture.FAST, 64).toBuilder()
                    .inputNormalization(InputNormalization.IMAGENET).build());
            assertEquals("input", fastImageNet.stages().get(0).name());
        }
    }

    @Test
    void aConfigSavedBeforeNormalisationExistedReadsAsSymmetric() {
        Gson gson = new Gson();
        ModelConfig old = gson.fromJson("{\"architecture\":\"FAST_CONVOLUTIONAL\",\"inputSize\":192,\"boxesPerCell\":2,"
                + "\"classes\":3,\"outputActivation\":\"SIGMOID\",\"dropout\":0.0}", ModelConfig.class);
        assertEquals(InputNormalization.SYMMETRIC, old.inputNormalization());
        ModelConfig resnet = config(Architecture.RESNET50, 448);
        String json = gson.toJson(resnet);
        assertTrue(json.contains("\"inputNormalization\":\"IMAGENET\""), json);
        assertEquals(resnet, gson.fromJson(json, ModelConfig.class));
    }
}
