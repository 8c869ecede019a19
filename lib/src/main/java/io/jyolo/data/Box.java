package io.jyolo.data;

/**
 * An axis-aligned box in pixel coordinates of some image, corners inclusive of the
 * top-left and exclusive of the bottom-right edge ({@code xmax - xmin} is the width).
 *
 * <p>One value type for ground truth, predictions and drawing, so that no part of the
 * library has to guess whether a box is centre/size or corner based: conversions happen
 * at the edges (target encoding and decoding) and nowhere else.
 */
public record Box(float xmin, float ymin, float xmax, float ymax) {

    /** A box from its centre and size. */
    public static Box ofCentre(float cx, float cy, float w, float h) {
        return new Box(cx - w / 2f, cy - h / 2f, cx + w / 2f, cy + h / 2f);
    }

    public float width() {
        return Math.max(0f, xmax - xmin);
    }

    public float height() {
        return Math.max(0f, ymax - ymin);
    }

    public float area() {
        return width() * height();
    }

    public float centreX() {
        return (xmin + xmax) / 2f;
    }

    public float centreY() {
        return (ymin + ymax) / 2f;
    }

    /** Area of the overlap with {@code other}, 0 when they do not overlap. */
    public float intersection(Box other) {
        float w = Math.min(xmax, other.xmax) - Math.max(xmin, other.xmin);
        float h = Math.min(ymax, other.ymax) - Math.max(ymin, other.ymin);
        return w > 0 && h > 0 ? w * h : 0f;
    }

    /** Intersection over union; 0 when both boxes are empty. */
    public float iou(Box other) {
        float inter = intersection(other);
        float union = area() + other.area() - inter;
        return union > 0 ? inter / union : 0f;
    }

    /** This box scaled by independent factors along x and y (for example from network input to image pixels). */
    public Box scale(float sx, float sy) {
        return new Box(xmin * sx, ymin * sy, xmax * sx, ymax * sy);
    }

    /** This box clipped to {@code [0, width] x [0, height]}. */
    public Box clip(float width, float height) {
        return new Box(clamp(xmin, width), clamp(ymin, height), clamp(xmax, width), clamp(ymax, height));
    }

    private static float clamp(float v, float max) {
        return Math.max(0f, Math.min(max, v));
    }
}
