package io.jyolo.weights;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * One entry of a {@code .safetensors} header: a tensor's name, element type, shape and where its
 * bytes are in the data section.
 *
 * @param name the state-dict key, e.g. {@code layer1.0.conv1.weight}
 * @param dtype element type
 * @param shape dimensions (empty for a scalar)
 * @param begin first byte, relative to the data section
 * @param end one past the last byte
 */
public record SafeTensor(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {

    public SafeTensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long elements() {
        long n = 1;
        for (long dim : shape) {
            n *= dim;
        }
        return n;
    }

    /** {@code 64x3x7x7}, or {@code scalar}. */
    public String shapeText() {
        return ParameterValues.shapeText(new Shape(shape));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SafeTensor t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
