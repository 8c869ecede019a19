package io.jyolo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkExportTest {

    @TempDir
    Path dir;

    @Test
    void everyParameterIsWrittenUnderItsNameWithItsShapeAndValuesInNetworkOrder() throws IOException {
        ModelConfig config = ModelConfig.builder().architecture(Architecture.FAST_CONVOLUTIONAL).inputSize(64)
                .boxesPerCell(2).classes(3).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNetwork net = YoloNetworks.create(config).initialize(manager);
            Map<String, Parameter> named = net.namedParameters();
            // make the running statistics distinguishable from their initial 0 / 1
            for (Map.Entry<String, Parameter> e : named.entrySet()) {
                if (e.getKey().endsWith("runningVar")) {
                    e.getValue().getArray().addi(0.5f);
                }
            }

            SafetensorsFile read = SafetensorsFile.open(NetworkExport.safetensors(net, dir.resolve("net.safetensors")));

            assertEquals(List.copyOf(named.keySet()), List.copyOf(read.tensors().keySet()));
            assertTrue(named.keySet().stream().anyMatch(k -> k.endsWith("runningMean")), named.keySet().toString());
            for (Map.Entry<String, Parameter> e : named.entrySet()) {
                float[] values = e.getValue().getArray().toFloatArray();
                assertArrayEquals(e.getValue().getArray().getShape().getShape(), read.tensor(e.getKey()).shape(), e.getKey());
                assertArrayEquals(values, read.floats(e.getKey()), e.getKey());
            }
        }
    }
}
