package io.jyolo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * The building blocks of the YOLO v1 networks, each created with the PyTorch original's initialisation
 * (Kaiming-normal convolutions, BatchNorm weight 1 / bias 0, Linear N(0, 0.01), biases 0), so the
 * initialisation travels with the layer instead of depending on a later global call.
 */
final class Layers {

    /** LeakyReLU slope used throughout (the paper's 0.1). */
    static final float LEAKY_SLOPE = 0.1f;

    /** Kaiming normal, fan-in mode: N(0, sqrt(2 / fan_in)), as PyTorch's kaiming_normal_ default. */
    static final Initializer KAIMING_NORMAL =
            new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);

    /** N(0, 0.01) for fully-connected weights. */
    static final Initializer LINEAR_WEIGHT = new NormalInitializer(0.01f);

    private Layers() {
    }

    /** Convolution without bias (BatchNorm follows), BatchNorm, LeakyReLU 0.1. */
    static Block convUnit(int filters, int kernel, int stride, int padding) {
        return new SequentialBlock()
                .add(conv(filters, kernel, stride, padding, false))
                .add(batchNorm())
                .add(leakyRelu());
    }

    /** A plain convolution with the Kaiming-normal weight and (optional) zero bias. */
    static Block conv(int filters, int kernel, int stride, int padding, boolean bias) {
        Conv2d conv = Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(bias)
                .build();
        conv.setInitializer(KAIMING_NORMAL, Parameter.Type.WEIGHT);
        conv.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        return conv;
    }

    static Block batchNorm() {
        BatchNorm norm = new BatchNorm();
        norm.setInitializer(Initializer.ONES, Parameter.Type.GAMMA);
        norm.setInitializer(Initializer.ZEROS, Parameter.Type.BETA);
        return norm;
    }

    static Block leakyRelu() {
        return Activation.leakyReluBlock(LEAKY_SLOPE);
    }

    static Block maxPool() {
        return Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    }

    static Block linear(long units) {
        Linear linear = Linear.builder().setUnits(units).optBias(true).build();
        linear.setInitializer(LINEAR_WEIGHT, Parameter.Type.WEIGHT);
        linear.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        return linear;
    }

    static Block dropout(float rate) {
        return Dropout.builder().optRate(rate).build();
    }

    /**
     * NCHW feature map to N x (H*W*C) with the channel index varying fastest, the original's
     * flatten order (it permuted to NHWC before flattening).
     */
    static Block flattenHwc() {
        return LambdaBlock.singleton(Layers::flattenHwc, "flattenHwc");
    }

    static NDArray flattenHwc(NDArray nchw) {
        try (NDArray nhwc = nchw.transpose(0, 2, 3, 1)) { // a view; the reshape copies it
            return nhwc.reshape(nchw.getShape().get(0), -1);
        }
    }

    /** N x (S*S*ch) to N x S x S x ch (row-major: row, column, channel). */
    static Block toGrid(OutputLayout layout) {
        int s = layout.gridSize();
        int ch = layout.channels();
        return LambdaBlock.singleton(x -> x.reshape(x.getShape().get(0), s, s, ch), "toGrid");
    }

    /** N x ch x S x S to N x S x S x ch. */
    static Block channelsLast() {
        return LambdaBlock.singleton(x -> x.transpose(0, 2, 3, 1), "channelsLast");
    }

    /** The configured output activation as the network's last block. */
    static Block outputActivation(OutputActivation activation, OutputLayout layout) {
        return LambdaBlock.singleton(x -> activation.apply(x, layout), "output" + activation.name());
    }
}
