package io.jyolo.data;

/**
 * How training images are randomly varied, following the YOLO v1 paper: random scaling and
 * translation of up to 20 % of the image size, exposure and saturation changed by up to a factor
 * of 1.5 in HSV, plus a horizontal flip.
 *
 * <p>Geometry is applied in the network-input frame after the resize: the image is mirrored
 * (with probability {@code flipProbability}), scaled about the input centre by a factor drawn
 * from {@code [1 - scale, 1 + scale]} and shifted by up to {@code translate * size} pixels along
 * each axis; uncovered areas are {@link Resize#PAD} grey. Boxes go through the same transform,
 * are clipped to the input, and an object is dropped (and counted) when its visible box is
 * narrower or lower than {@code minBoxSide} input pixels or keeps less than
 * {@code minVisibleFraction} of its transformed area. Exposure (HSV value) and saturation are
 * then multiplied by factors drawn from {@code [1, f]} and inverted with probability 1/2, so
 * they lie in {@code [1/f, f]}; hue is unchanged.
 *
 * <p>All random draws come from one generator seeded per sample, so a given seed gives the same
 * augmented sample on any thread.
 *
 * @param scale              maximum relative scale change (0.2: factor in [0.8, 1.2]); 0 disables
 * @param translate          maximum shift as a fraction of the input size, per axis; 0 disables
 * @param exposure           maximum HSV value factor (>= 1); 1 disables
 * @param saturation         maximum HSV saturation factor (>= 1); 1 disables
 * @param flipProbability    probability of a horizontal flip, 0..1
 * @param minBoxSide         objects narrower or lower than this (input pixels) after the transform are dropped
 * @param minVisibleFraction objects keeping less than this fraction of their area inside the input are dropped
 */
public record Augmentation(float scale, float translate, float exposure, float saturation, float flipProbability,
                           float minBoxSide, float minVisibleFraction) {

    public Augmentation {
        check(scale >= 0 && scale < 1, "scale must be in [0, 1), got " + scale);
        check(translate >= 0 && translate <= 1, "translate must be in [0, 1], got " + translate);
        check(exposure >= 1, "exposure must be >= 1, got " + exposure);
        check(saturation >= 1, "saturation must be >= 1, got " + saturation);
        check(flipProbability >= 0 && flipProbability <= 1, "flipProbability must be in [0, 1], got " + flipProbability);
        check(minBoxSide >= 0, "minBoxSide must be >= 0, got " + minBoxSide);
        check(minVisibleFraction >= 0 && minVisibleFraction <= 1,
                "minVisibleFraction must be in [0, 1], got " + minVisibleFraction);
    }

    /** No augmentation: the training input is exactly {@link Preprocess}'s (use it for validation). */
    public static Augmentation none() {
        return new Augmentation(0f, 0f, 1f, 1f, 0f, 0f, 0f);
    }

    /** The paper's settings plus a 50 % horizontal flip; drops objects under 2 px or under 20 % visible. */
    public static Augmentation paper() {
        return new Augmentation(0.2f, 0.2f, 1.5f, 1.5f, 0.5f, 2f, 0.2f);
    }

    /** True when the image geometry can change (scale, shift or flip). */
    public boolean geometric() {
        return scale > 0 || translate > 0 || flipProbability > 0;
    }

    /** True when colours can change (exposure or saturation). */
    public boolean photometric() {
        return exposure > 1 || saturation > 1;
    }

    public static Builder builder() {
        return new Builder(none());
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builder for {@link Augmentation}; starts from {@link #none()} or from an existing setting. */
    public static final class Builder {
        private float scale;
        private float translate;
        private float exposure;
        private float saturation;
        private float flipProbability;
        private float minBoxSide;
        private float minVisibleFraction;

        private Builder(Augmentation a) {
            scale = a.scale;
            translate = a.translate;
            exposure = a.exposure;
            saturation = a.saturation;
            flipProbability = a.flipProbability;
            minBoxSide = a.minBoxSide;
            minVisibleFraction = a.minVisibleFraction;
        }

        public Builder scale(float v) {
            scale = v;
            return this;
        }

        public Builder translate(float v) {
            translate = v;
            return this;
        }

        public Builder exposure(float v) {
            exposure = v;
            return this;
        }

        public Builder saturation(float v) {
            saturation = v;
            return this;
        }

        public Builder flipProbability(float v) {
            flipProbability = v;
            return this;
        }

        public Builder minBoxSide(float v) {
            minBoxSide = v;
            return this;
        }

        public Builder minVisibleFraction(float v) {
            minVisibleFraction = v;
            return this;
        }

        public Augmentation build() {
            return new Augmentation(scale, translate, exposure, saturation, flipProbability, minBoxSide,
                    minVisibleFraction);
        }
    }
}
