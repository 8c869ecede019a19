package io.jyolo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One residual block of torchvision's ResNet: convolution and BatchNorm pairs with ReLU between
 * them, added to the input (through a 1x1 convolution and BatchNorm, torchvision's
 * {@code downsample}, where the shape changes), then ReLU. Two 3x3 pairs make a BasicBlock
 * (ResNet-18/34); 1x1, 3x3 (carrying the stride) and 1x1 to four times the width make a Bottleneck
 * (ResNet-50, torchvision's "v1.5").
 *
 * <p>Its layers keep torchvision's names ({@code conv1}, {@code bn1}, ..., {@code downsample.0},
 * {@code downsample.1}) so a {@code state_dict} loads by name. In inference each intermediate
 * array is released once used, as {@link YoloNetwork} does between layers.
 */
final class ResidualBlock extends AbstractBlock {

    /** Convolution, BatchNorm, convolution, BatchNorm, ... in forward order. */
    private final List<Block> main = new ArrayList<>();
    private final Map<String, Block> named = new LinkedHashMap<>();
    private final SequentialBlock downsample;

    private ResidualBlock(int[] filters, int[] kernels, int[] strides, int inChannels) {
        for (int i = 0; i < filters.length; i++) {
            Block conv = addChildBlock("conv" + (i + 1),
                    Layers.conv(filters[i], kernels[i], strides[i], kernels[i] / 2, false));
            Block norm = addChildBlock("bn" + (i + 1), Layers.batchNorm());
            main.add(conv);
            main.add(norm);
            named.put("conv" + (i + 1), conv);
            named.put("bn" + (i + 1), norm);
        }
        int stride = 1;
        for (int s : strides) {
            stride *= s;
        }
        int out = filters[filters.length - 1];
        if (stride != 1 || inChannels != out) {
            Block conv = Layers.conv(out, 1, stride, 0, false);
            Block norm = Layers.batchNorm();
            downsample = addChildBlock("downsample", new SequentialBlock().add(conv).add(norm));
            named.put("downsample.0", conv);
            named.put("downsample.1", norm);
        } else {
            downsample = null;
        }
    }

    /** ResNet-18/34's block: 3x3 (stride) and 3x3, {@code planes} filters each. */
    static ResidualBlock basic(int inChannels, int planes, int stride) {
        return new ResidualBlock(new int[] {planes, planes}, new int[] {3, 3}, new int[] {stride, 1}, inChannels);
    }

    /** ResNet-50's block: 1x1 to {@code width}, 3x3 (stride), 1x1 to {@code 4 * width}. */
    static ResidualBlock bottleneck(int inChannels, int width, int stride) {
        return new ResidualBlock(new int[] {width, width, 4 * width}, new int[] {1, 3, 1}, new int[] {1, stride, 1},
                inChannels);
    }

    /** The layers by their torchvision names, in forward order (downsample last). */
    Map<String, Block> torchvisionLayers() {
        return named;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = x;
        for (int i = 0; i < main.size(); i += 2) {
            NDArray conv = main.get(i).forward(parameterStore, new NDList(y), training, params).singletonOrThrow();
            release(y, x, training);
            y = main.get(i + 1).forward(parameterStore, new NDList(conv), training, params).singletonOrThrow();
            release(conv, x, training);
            if (i + 2 < main.size()) {
                NDArray activated = Activation.relu(y);
                release(y, x, training);
                y = activated;
            }
        }
        NDArray shortcut = downsample == null ? x
                : downsample.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
        NDArray sum = y.add(shortcut);
        release(y, x, training);
        release(shortcut, x, training);
        NDArray out = Activation.relu(sum);
        release(sum, x, training);
        return new NDList(out);
    }

    /** In inference, closes an intermediate array (never the block's input, which the caller owns). */
    private static void release(NDArray array, NDArray input, boolean training) {
        if (!training && array != input) {
            array.close();
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : main) {
            shapes = block.getOutputShapes(shapes);
        }
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Block block : main) {
            block.initialize(manager, dataType, shapes);
            shapes = block.getOutputShapes(shapes);
        }
        if (downsample != null) {
            downsample.initialize(manager, dataType, inputShapes);
        }
    }
}
