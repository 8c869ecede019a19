package io.jyolo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link YoloNetwork} piece by piece and keeps every intermediate output, for feature-map
 * images (the PyTorch original logged them layer by layer; per epoch, not per batch, because it is slow).
 *
 * <p>The outputs belong to the input array's manager: collect inside a sub-manager and close it
 * when the images are written. The final entry equals the network's normal forward output.
 */
public final class FeatureMaps {

    /**
     * One intermediate output.
     *
     * @param name {@code stage3} for stage outputs, {@code stage3/conv5} for layer outputs
     * @param output the array as produced (NCHW inside the backbone, N x S x S x (5B+C) at the end)
     */
    public record FeatureMap(String name, NDArray output) {
    }

    private FeatureMaps() {
    }

    /** Output of every stage, inference mode (BatchNorm running statistics, no dropout). */
    public static List<FeatureMap> collect(YoloNetwork network, NDArray input) {
        return collect(network, new ParameterStore(input.getManager(), false), input, false);
    }

    /** Output of every stage. */
    public static List<FeatureMap> collect(YoloNetwork network, ParameterStore parameters, NDArray input,
                                           boolean training) {
        List<FeatureMap> maps = new ArrayList<>();
        NDList current = new NDList(input);
        for (YoloNetwork.Stage stage : network.stages()) {
            current = stage.block().forward(parameters, current, training);
            maps.add(new FeatureMap(stage.name(), current.singletonOrThrow()));
        }
        return maps;
    }

    /** Output of every layer (conv unit, pool, head layer), inference mode. */
    public static List<FeatureMap> collectLayers(YoloNetwork network, NDArray input) {
        return collectLayers(network, new ParameterStore(input.getManager(), false), input, false);
    }

    /** Output of every layer (conv unit, pool, head layer). */
    public static List<FeatureMap> collectLayers(YoloNetwork network, ParameterStore parameters, NDArray input,
                                                 boolean training) {
        List<FeatureMap> maps = new ArrayList<>();
        NDList current = new NDList(input);
        for (YoloNetwork.Stage stage : network.stages()) {
            List<Block> layers = stage.block().getChildren().values();
            for (int i = 0; i < layers.size(); i++) {
                current = layers.get(i).forward(parameters, current, training);
                maps.add(new FeatureMap(stage.name() + "/" + stage.layerNames().get(i), current.singletonOrThrow()));
            }
        }
        return maps;
    }
}
