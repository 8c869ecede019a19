package io.jyolo.data;

/**
 * A ground-truth object in network-input pixels (after resize and augmentation), ready to encode.
 *
 * @param classIndex index into the dataset's class list
 * @param box        corners in input pixels, within {@code [0, size]}
 * @param difficult  the VOC difficult flag
 */
public record InputBox(int classIndex, Box box, boolean difficult) {
}
