package io.jyolo.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * Writes values read from a file into an initialised parameter, in place, so the parameter keeps
 * its array (and whatever the caller holds of it: optimizer state, a parameter store).
 */
final class ParameterValues {

    private static final NDIndex ALL = new NDIndex("...");

    private ParameterValues() {
    }

    /** Copies {@code values} (row-major in the parameter's shape) into {@code parameter}. */
    static void set(Parameter parameter, float[] values) {
        NDArray target = parameter.getArray();
        if (target.getShape().size() != values.length) {
            throw new IllegalArgumentException(parameter.getName() + " holds " + target.getShape().size()
                    + " values, got " + values.length);
        }
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            target.set(ALL, source);
        }
    }

    /** {@code 64x3x7x7}, or {@code scalar}, as shapes are written in the loaders' messages. */
    static String shapeText(Shape shape) {
        StringBuilder text = new StringBuilder();
        for (long dim : shape.getShape()) {
            text.append(text.isEmpty() ? "" : "x").append(dim);
        }
        return text.isEmpty() ? "scalar" : text.toString();
    }

    /** Sets every value of {@code parameter} to {@code value}. */
    static void fill(Parameter parameter, float value) {
        parameter.getArray().set(ALL, value);
    }
}
