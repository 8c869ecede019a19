package io.jyolo.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.jyolo.data.Box;
import io.jyolo.data.Resize;
import io.jyolo.model.OutputLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns raw YOLO v1 network output into detections in original-image pixels.
 *
 * <p>Every predictor of every cell is considered (the PyTorch original kept one box per cell), the
 * score is {@code confidence x class probability}, NMS uses true IoU per class, and boxes go
 * back through the image's {@link Resize} so they can be drawn on and evaluated against the
 * original image, whatever its shape and whether it was stretched or letterboxed. Class
 * scores are taken as given: the network has already applied its activation.
 *
 * <p>Immutable and thread-safe; build one per run with {@link #builder(OutputLayout, List)}.
 */
public final class Decoder {

    private final OutputLayout layout;
    private final List<String> classNames;
    private final float scoreThreshold;
    private final float nmsIou;
    private final boolean classAgnostic;
    private final int maxDetections;
    private final boolean oneClassPerBox;

    private Decoder(Builder b) {
        this.layout = b.layout;
        this.classNames = b.classNames;
        this.scoreThreshold = b.scoreThreshold;
        this.nmsIou = b.nmsIou;
        this.classAgnostic = b.classAgnostic;
        this.maxDetections = b.maxDetections;
        this.oneClassPerBox = b.oneClassPerBox;
    }

    /** A builder for {@code layout} whose classes are named, in index order, by {@code classNames}. */
    public static Builder builder(OutputLayout layout, List<String> classNames) {
        return new Builder(layout, classNames);
    }

    /**
     * Decodes one image.
     *
     * @param output the network output for one image, {@code S*S*(5B+C)} floats in {@link OutputLayout} order
     * @param resize how that image was mapped onto the network input
     * @return detections in original pixels (clipped to the image), descending score, at most {@code maxDetections}
     */
    public List<Detection> decode(float[] output, Resize resize) {
        int cellSize = layout.channels();
        int expected = layout.gridSize() * layout.gridSize() * cellSize;
        if (output.length != expected) {
            throw new IllegalArgumentException("output has " + output.length + " values, layout S="
                    + layout.gridSize() + " B=" + layout.boxesPerCell() + " C=" + layout.classes()
                    + " needs " + expected);
        }
        return decode(output, 0, resize);
    }

    /**
     * Decodes every image of a batch.
     *
     * @param batch   float output of shape {@code N x S x S x (5B+C)}
     * @param resizes one per image, in batch order
     * @return one list per image, in batch order
     */
    public List<List<Detection>> decode(NDArray batch, List<Resize> resizes) {
        Shape shape = batch.getShape();
        Shape expected = new Shape(resizes.size(), layout.gridSize(), layout.gridSize(), layout.channels());
        if (!shape.equals(expected)) {
            throw new IllegalArgumentException("batch output has shape " + shape + ", expected " + expected
                    + " (N = number of resizes given)");
        }
        float[] values;
        if (batch.getDataType() == DataType.FLOAT32) {
            values = batch.toFloatArray();
        } else {
            try (NDArray f = batch.toType(DataType.FLOAT32, true)) {
                values = f.toFloatArray();
            }
        }
        int perImage = (int) (shape.size() / Math.max(1, resizes.size()));
        List<List<Detection>> out = new ArrayList<>(resizes.size());
        for (int n = 0; n < resizes.size(); n++) {
            out.add(decode(values, n * perImage, resizes.get(n)));
        }
        return out;
    }

    private List<Detection> decode(float[] v, int base, Resize resize) {
        int s = layout.gridSize();
        int channels = layout.channels();
        float cellPx = resize.size() / (float) s;
        List<Detection> candidates = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                int cell = base + (i * s + j) * channels;
                for (int b = 0; b < layout.boxesPerCell(); b++) {
                    addCandidates(v, cell, b, i, j, cellPx, resize, candidates);
                }
            }
        }
        List<Detection> kept = Nms.apply(candidates, nmsIou, classAgnostic);
        return kept.size() > maxDetections ? List.copyOf(kept.subList(0, maxDetections)) : kept;
    }

    private void addCandidates(float[] v, int cell, int b, int row, int col, float cellPx, Resize resize,
                               List<Detection> out) {
        int o = cell + layout.boxOffset(b);
        float confidence = v[cell + layout.confidenceIndex(b)];
        float cx = (col + v[o]) * cellPx;
        float cy = (row + v[o + 1]) * cellPx;
        float w = v[o + 2] * resize.size();
        float h = v[o + 3] * resize.size();
        Box box = resize.toOriginal(Box.ofCentre(cx, cy, w, h));
        if (!(box.area() > 0f)) {
            return; // entirely outside the image (for example inside the letterbox padding)
        }
        int classes = cell + layout.classOffset();
        if (oneClassPerBox) {
            int best = 0;
            for (int c = 1; c < layout.classes(); c++) {
                if (v[classes + c] > v[classes + best]) {
                    best = c;
                }
            }
            addIfAbove(best, confidence * v[classes + best], box, out);
        } else {
            for (int c = 0; c < layout.classes(); c++) {
                addIfAbove(c, confidence * v[classes + c], box, out);
            }
        }
    }

    private void addIfAbove(int classIndex, float score, Box box, List<Detection> out) {
        if (score >= scoreThreshold) {
            out.add(new Detection(classIndex, classNames.get(classIndex), score, box));
        }
    }

    public OutputLayout layout() {
        return layout;
    }

    public float scoreThreshold() {
        return scoreThreshold;
    }

    public float nmsIou() {
        return nmsIou;
    }

    public boolean classAgnostic() {
        return classAgnostic;
    }

    public int maxDetections() {
        return maxDetections;
    }

    public boolean oneClassPerBox() {
        return oneClassPerBox;
    }

    /** Settings of a {@link Decoder}; defaults: score 0.2, NMS IoU 0.5, per-class NMS, 100 detections, argmax class. */
    public static final class Builder {
        private final OutputLayout layout;
        private final List<String> classNames;
        private float scoreThreshold = 0.2f;
        private float nmsIou = 0.5f;
        private boolean classAgnostic = false;
        private int maxDetections = 100;
        private boolean oneClassPerBox = true;

        private Builder(OutputLayout layout, List<String> classNames) {
            if (layout == null || classNames == null) {
                throw new IllegalArgumentException("layout and class names are required");
            }
            if (classNames.size() != layout.classes()) {
                throw new IllegalArgumentException(classNames.size() + " class names for a layout with C="
                        + layout.classes());
            }
            this.layout = layout;
            this.classNames = List.copyOf(classNames);
        }

        /** Minimum {@code confidence x class probability} to keep a box (inclusive), in [0, 1]. */
        public Builder scoreThreshold(float threshold) {
            if (!(threshold >= 0f && threshold <= 1f)) {
                throw new IllegalArgumentException("score threshold must be in [0, 1], got " + threshold);
            }
            this.scoreThreshold = threshold;
            return this;
        }

        /** A box is suppressed when its IoU with a stronger kept box is above this, in [0, 1]. */
        public Builder nmsIou(float iou) {
            if (!(iou >= 0f && iou <= 1f)) {
                throw new IllegalArgumentException("NMS IoU threshold must be in [0, 1], got " + iou);
            }
            this.nmsIou = iou;
            return this;
        }

        /** When true, boxes of different classes also suppress each other (the original's behaviour). */
        public Builder classAgnostic(boolean agnostic) {
            this.classAgnostic = agnostic;
            return this;
        }

        /** Keep at most this many detections per image after NMS (the highest scores). */
        public Builder maxDetections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max detections must be at least 1, got " + max);
            }
            this.maxDetections = max;
            return this;
        }

        /**
         * True (default): each box gets only its most probable class. False: a box yields one
         * candidate per class whose score passes the threshold (the paper's evaluation setting,
         * usually a little higher mAP, more clutter when drawn).
         */
        public Builder oneClassPerBox(boolean one) {
            this.oneClassPerBox = one;
            return this;
        }

        public Decoder build() {
            return new Decoder(this);
        }
    }
}
