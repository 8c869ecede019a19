package io.jyolo.weights;

/**
 * The shape of one darknet convolution as its {@code .cfg} declares it: a {@code .weights} file
 * carries no shapes, so the loader takes them from here and checks them against the network.
 *
 * @param filters output channels
 * @param channels input channels
 * @param size kernel side (square kernels only, as in every darknet backbone used here)
 * @param batchNorm whether the cfg says {@code batch_normalize=1}: the file then holds biases,
 *     scales, running mean and running variance before the kernels; otherwise biases only
 */
public record DarknetConv(int filters, int channels, int size, boolean batchNorm) {

    public DarknetConv {
        if (filters < 1 || channels < 1 || size < 1) {
            throw new IllegalArgumentException("darknet convolution needs positive sizes, got " + this);
        }
    }

    /** Floats this convolution takes in a {@code .weights} file. */
    public long floats() {
        return (batchNorm ? 4L : 1L) * filters + kernelFloats();
    }

    /** Floats of the kernels alone, {@code filters x channels x size x size}. */
    public long kernelFloats() {
        return (long) filters * channels * size * size;
    }

    /** The kernel shape as PyTorch prints it (OIHW), e.g. {@code 64x3x7x7}. */
    public String shapeText() {
        return filters + "x" + channels + "x" + size + "x" + size;
    }

    /** The same shape with the other BatchNorm reading. */
    DarknetConv flipBatchNorm() {
        return new DarknetConv(filters, channels, size, !batchNorm);
    }
}
