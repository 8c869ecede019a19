package io.jyolo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.jyolo.model.Architecture;
import io.jyolo.model.FeatureMaps;
import io.jyolo.model.ResNets;
import io.jyolo.model.YoloNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class TorchvisionWeightsTest extends EngineTest {

    private static YoloNetwork resnet18(NDManager owner) {
        return network(Architecture.RESNET18, owner);
    }

    /**
     * Writes {@code network}'s backbone as torchvision's state_dict would be saved, with the
     * classifier and the BatchNorm counters, each tensor passed through {@code edit} (null drops it).
     */
    private Path export(YoloNetwork network, String name, BiFunction<String, float[], float[]> edit)
            throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        for (Map.Entry<String, Parameter> entry : ResNets.torchvisionParameters(network).entrySet()) {
            NDArray array = entry.getValue().getArray();
            float[] values = edit.apply(entry.getKey(), array.toFloatArray());
            if (values != null) {
                writer.f32(entry.getKey(), values.length == array.size() ? array.getShape().getShape()
                        : new long[] {values.length}, values);
            }
            if (entry.getKey().endsWith("running_var")) {
                writer.raw(entry.getKey().replace("running_var", "num_batches_tracked"), "I64", new long[0],
                        new byte[8]);
            }
        }
        writer.f32("fc.weight", new long[] {1000, 512}, new float[512_000]);
        writer.f32("fc.bias", new long[] {1000}, new float[1000]);
        return writer.write(dir.resolve(name));
    }

    @Test
    void everyTorchvisionTensorLandsInItsParameterAndTheBackboneComputesTheSame() throws IOException {
        try (NDManager sub = manager.newSubManager()) {
            YoloNetwork source = resnet18(sub);
            DarknetFiles.randomise(source, 11);
            Path file = export(source, "resnet18.safetensors", (name, values) -> values);
            YoloNetwork target = resnet18(sub);

            StateDictLoad load = TorchvisionWeights.load(file, target);

            Map<String, Parameter> expected = ResNets.torchvisionParameters(source);
            Map<String, Parameter> actual = ResNets.torchvisionParameters(target);
            assertEquals(List.copyOf(expected.keySet()), load.loaded());
            for (String name : expected.keySet()) {
                assertArrayEquals(expected.get(name).getArray().toFloatArray(), actual.get(name).getArray().toFloatArray(),
                        name);
            }
            assertEquals(22, load.ignored().size(), "fc.weight, fc.bias and 20 num_batches_tracked");
            assertTrue(load.ignored().contains("layer4.1.bn2.num_batches_tracked"));
            // same input, same layer4 output: the names map to the layers that use them
            NDArray input = sub.randomUniform(-1f, 1f, source.config().inputShape(2));
            NDArray a = FeatureMaps.collect(source, input).get(5).output();
            NDArray b = FeatureMaps.collect(target, input).get(5).output();
            assertEquals("layer4", FeatureMaps.collect(target, input).get(5).name());
            assertTrue(a.allClose(b, 1e-6, 1e-6, false));
        }
    }

    @Test
    void missingExtraAndMisShapedTensorsAreOneLineErrorsNamingTheTensor() throws IOException {
        try (NDManager sub = manager.newSubManager()) {
            YoloNetwork source = resnet18(sub);
            YoloNetwork target = resnet18(sub);
            float[] before = ResNets.torchvisionParameters(target).get("conv1.weight").getArray().toFloatArray();

            Path missing = export(source, "missing.safetensors",
                    (name, values) -> name.equals("layer3.1.bn2.running_var") ? null : values);
            assertEquals(missing + ": has no tensor 'layer3.1.bn2.running_var' (256)",
                    assertThrows(WeightsFormatException.class, () -> TorchvisionWeights.load(missing, target))
                            .getMessage());

            Path reshaped = export(source, "reshaped.safetensors",
                    (name, values) -> name.equals("layer1.0.conv1.weight") ? new float[64 * 64] : values);
            assertEquals(reshaped + ": tensor 'layer1.0.conv1.weight' is 4096 but the network's parameter is 64x64x3x3",
                    assertThrows(WeightsFormatException.class, () -> TorchvisionWeights.load(reshaped, target))
                            .getMessage());

            SafetensorsWriter resnet34Extra = new SafetensorsWriter();
            ResNets.torchvisionParameters(source).forEach((name, parameter) -> resnet34Extra.f32(name,
                    parameter.getArray().getShape().getShape(), parameter.getArray().toFloatArray()));
            resnet34Extra.f32("layer1.2.conv1.weight", new long[] {64, 64, 3, 3}, new float[64 * 64 * 9]);
            Path extra = resnet34Extra.write(dir.resolve("resnet34.safetensors"));
            WeightsFormatException e = assertThrows(WeightsFormatException.class,
                    () -> TorchvisionWeights.load(extra, target));
            assertEquals(extra + ": tensor 'layer1.2.conv1.weight' (64x64x3x3) matches no parameter of the network",
                    e.getMessage());

            assertArrayEquals(before, ResNets.torchvisionParameters(target).get("conv1.weight").getArray().toFloatArray(),
                    "a refused file writes nothing");
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
