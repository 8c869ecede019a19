package io.jyolo.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.jyolo.model.YoloNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a network's parameters as {@code .safetensors}, one float32 tensor per
 * {@link YoloNetwork#namedParameters() name} (BatchNorm running statistics included), in the
 * network's order. Lets another framework start from exactly the weights jyolo starts from, e.g.
 * the PyTorch reference of the learning-parity benchmark, which maps these names onto its
 * {@code state_dict} in order.
 */
public final class NetworkExport {

    private NetworkExport() {
    }

    /**
     * Writes every initialised parameter of {@code network} to {@code file}.
     *
     * @throws IllegalStateException naming the parameter when one is not initialised or not float32
     */
    public static Path safetensors(YoloNetwork network, Path file) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        for (Map.Entry<String, Parameter> e : network.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            if (!p.isInitialized()) {
                throw new IllegalStateException("parameter " + e.getKey() + " is not initialised: initialise the network first");
            }
            NDArray array = p.getArray();
            if (array.getDataType() != DataType.FLOAT32) {
                throw new IllegalStateException("parameter " + e.getKey() + " is " + array.getDataType()
                        + ", only float32 is exported");
            }
            writer.f32(e.getKey(), array.getShape().getShape(), array.toFloatArray());
        }
        return writer.write(file);
    }
}
