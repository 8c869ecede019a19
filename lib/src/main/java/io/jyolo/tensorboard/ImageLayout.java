package io.jyolo.tensorboard;

import ai.djl.ndarray.types.Shape;

/**
 * Axis order of an image tensor: DJL's transforms give CHW, decoded images are HWC. A 2-D
 * tensor is a single-channel (grey) image in either layout.
 */
public enum ImageLayout {
    /** channels, height, width. */
    CHW,
    /** height, width, channels. */
    HWC;

    /**
     * Guesses the layout from the shape: 2-D is grey; 3-D is CHW when the first axis has 1, 3 or
     * 4 entries, else HWC when the last one does. Pass the layout explicitly when a tensor could
     * be read either way and the guess matters (e.g. 3 x 3 x 3).
     */
    public static ImageLayout infer(Shape shape) {
        if (shape.dimension() == 2) {
            return CHW;
        }
        if (shape.dimension() != 3) {
            throw new IllegalArgumentException("an image tensor has 2 or 3 dimensions, got shape " + shape);
        }
        if (isChannelCount(shape.get(0))) {
            return CHW;
        }
        if (isChannelCount(shape.get(2))) {
            return HWC;
        }
        throw new IllegalArgumentException("cannot tell the channel axis of image tensor shape " + shape
                + ": neither the first nor the last axis has 1, 3 or 4 entries");
    }

    static boolean isChannelCount(long n) {
        return n == 1 || n == 3 || n == 4;
    }
}
