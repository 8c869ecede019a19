package io.jyolo.data;

/**
 * One object of a VOC annotation.
 *
 * @param name      class name as written in the XML
 * @param box       pixel corners; VOC files use 1-based pixel indices, kept as written (floats allowed)
 * @param difficult marked difficult: left out of training targets by default and ignored by evaluation
 * @param truncated the object extends beyond the image
 */
public record VocObject(String name, Box box, boolean difficult, boolean truncated) {

    public VocObject {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("object without a class name");
        }
    }

    /** A plain object: not difficult, not truncated. */
    public static VocObject of(String name, Box box) {
        return new VocObject(name, box, false, false);
    }
}
