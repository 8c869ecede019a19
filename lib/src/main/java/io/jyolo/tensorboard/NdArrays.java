package io.jyolo.tensorboard;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;

/**
 * Copies DJL tensors out to plain Java values for logging, so the writer holds no native memory
 * and the caller's NDArrays stay untouched.
 */
final class NdArrays {

    private NdArrays() {
    }

    /** All elements as doubles. */
    static double[] toDoubles(NDArray array) {
        DataType type = array.getDataType();
        if (type == DataType.FLOAT64) {
            return array.toDoubleArray();
        }
        float[] floats = toFloats(array);
        double[] out = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            out[i] = floats[i];
        }
        return out;
    }

    /** All elements as floats. */
    static float[] toFloats(NDArray array) {
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDArray copy = array.toType(DataType.FLOAT32, true)) {
            return copy.toFloatArray();
        }
    }

    /**
     * An image tensor as a picture. Integer tensors hold 0..255 per channel; floating-point ones
     * 0..1 (as DJL's ToTensor produces), scaled by 255. Values outside are clamped. One channel
     * gives a grey image, three RGB, four RGBA.
     */
    static BufferedImage toImage(NDArray array, ImageLayout layout) {
        Shape shape = array.getShape();
        if (shape.dimension() != 2 && shape.dimension() != 3) {
            throw new IllegalArgumentException("an image tensor has 2 or 3 dimensions, got shape " + shape);
        }
        int channels;
        int height;
        int width;
        if (shape.dimension() == 2) {
            channels = 1;
            height = (int) shape.get(0);
            width = (int) shape.get(1);
        } else if (layout == ImageLayout.CHW) {
            channels = (int) shape.get(0);
            height = (int) shape.get(1);
            width = (int) shape.get(2);
        } else {
            height = (int) shape.get(0);
            width = (int) shape.get(1);
            channels = (int) shape.get(2);
        }
        if (!ImageLayout.isChannelCount(channels)) {
            throw new IllegalArgumentException("image tensor of shape " + shape + " read as " + layout + " has "
                    + channels + " channels; expected 1, 3 or 4");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image tensor of shape " + shape + " is empty");
        }
        float scale = array.getDataType().isFloating() ? 255f : 1f;
        float[] v = toFloats(array);
        boolean chw = shape.dimension() == 3 && layout == ImageLayout.CHW;
        int plane = width * height;
        int type = channels == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : channels == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB;
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                int[] c = new int[channels];
                for (int k = 0; k < channels; k++) {
                    float f = chw ? v[k * plane + p] : v[p * channels + k];
                    c[k] = Math.max(0, Math.min(255, Math.round(f * scale)));
                }
                if (channels == 1) {
                    image.getRaster().setSample(x, y, 0, c[0]);
                } else {
                    int argb = (channels == 4 ? c[3] << 24 : 0xff000000) | c[0] << 16 | c[1] << 8 | c[2];
                    image.setRGB(x, y, argb);
                }
            }
        }
        return image;
    }
}
