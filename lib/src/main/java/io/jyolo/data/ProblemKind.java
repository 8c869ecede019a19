package io.jyolo.data;

import java.util.Locale;

/**
 * The kinds of problem {@link DatasetCheck} reports, each with what training does about it, so the
 * check's verdict ("training would skip something") follows from the kinds found and not from a
 * second list kept elsewhere.
 */
public enum ProblemKind {
    /** An image that cannot be decoded (the data loader skips it when it meets it). */
    UNREADABLE_IMAGE(Effect.SKIPS_IMAGE),
    /** An image whose size differs from its annotation's {@code <size>} (the pipeline refuses it). */
    SIZE_MISMATCH(Effect.SKIPS_IMAGE),
    /** An annotation that cannot be parsed. */
    MALFORMED_ANNOTATION(Effect.SKIPS_IMAGE),
    /** An image with no annotation of the same stem. */
    IMAGE_WITHOUT_ANNOTATION(Effect.SKIPS_IMAGE),
    /** An annotation with no image of the same stem. */
    ANNOTATION_WITHOUT_IMAGE(Effect.SKIPS_IMAGE),
    /** An id in a split list with neither image nor annotation. */
    LISTED_WITHOUT_FILES(Effect.SKIPS_IMAGE),
    /** A second image file with the stem of another (the first in name order is used). */
    DUPLICATE_IMAGE(Effect.SKIPS_IMAGE),
    /** Two ids whose image files hold the same bytes (both are used: a leak when they sit in train and val). */
    DUPLICATE_CONTENT(Effect.NONE),
    /** An id listed twice in one split list (used once). */
    DUPLICATE_LISTING(Effect.NONE),
    /** The same class and box twice in one annotation (the target holds one of them). */
    DUPLICATE_OBJECT(Effect.SKIPS_OBJECT),
    /** An object whose class is not in the class list. */
    UNKNOWN_CLASS(Effect.SKIPS_OBJECT),
    /** A box with zero area, inverted corners or no part inside the image. */
    BAD_BOX(Effect.SKIPS_OBJECT),
    /** A box reaching outside its image (clipped to it and kept). */
    BOX_OUTSIDE_IMAGE(Effect.CLIPS_BOX),
    /** An object whose centre falls in a grid cell that already holds one (the target encoder keeps one). */
    CELL_COLLISION(Effect.SKIPS_OBJECT),
    /** A class in the class list with no object in the checked images. */
    CLASS_WITHOUT_OBJECTS(Effect.NONE);

    /** What training does with a problem of a kind. */
    public enum Effect {
        /** The image is left out. */
        SKIPS_IMAGE,
        /** One object is left out of the image's target. */
        SKIPS_OBJECT,
        /** The box is clipped to the image and kept. */
        CLIPS_BOX,
        /** Nothing is left out, but the data deserves a look. */
        NONE;

        /** True when training leaves something out. */
        public boolean skips() {
            return this == SKIPS_IMAGE || this == SKIPS_OBJECT;
        }

        /** Lower case with spaces, for tables. */
        public String label() {
            return switch (this) {
                case SKIPS_IMAGE -> "image skipped";
                case SKIPS_OBJECT -> "object skipped";
                case CLIPS_BOX -> "box clipped";
                case NONE -> "kept";
            };
        }
    }

    private final Effect effect;

    ProblemKind(Effect effect) {
        this.effect = effect;
    }

    /** What training does about it. */
    public Effect effect() {
        return effect;
    }

    /** Lower case with spaces ({@code unreadable image}), for reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The check's kind for a skip the dataset recorded while opening. */
    public static ProblemKind of(DatasetSkip.Kind skip) {
        return valueOf(skip.name());
    }
}
