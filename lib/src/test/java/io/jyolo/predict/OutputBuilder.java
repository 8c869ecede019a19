package io.jyolo.predict;

import io.jyolo.model.OutputLayout;

/** Builds a hand-made network output for one image in {@link OutputLayout} order. */
final class OutputBuilder {
    private final OutputLayout layout;
    private final float[] values;

    OutputBuilder(OutputLayout layout) {
        this.layout = layout;
        int s = layout.gridSize();
        this.values = new float[s * s * layout.channels()];
    }

    private int cell(int row, int col) {
        return (row * layout.gridSize() + col) * layout.channels();
    }

    OutputBuilder box(int row, int col, int b, float x, float y, float w, float h, float conf) {
        int o = cell(row, col) + layout.boxOffset(b);
        values[o] = x;
        values[o + 1] = y;
        values[o + 2] = w;
        values[o + 3] = h;
        values[cell(row, col) + layout.confidenceIndex(b)] = conf;
        return this;
    }

    OutputBuilder classes(int row, int col, float... probs) {
        System.arraycopy(probs, 0, values, cell(row, col) + layout.classOffset(), probs.length);
        return this;
    }

    float[] build() {
        return values.clone();
    }
}
