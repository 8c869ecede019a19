package io.jyolo.data;

/**
 * Something a dataset left out, and why: the record behind every skip counter.
 *
 * <p>Real datasets carry unpaired files, stray class names and degenerate boxes. Dropping them
 * silently hides data problems; failing on the first one makes real datasets unusable. So each
 * one is kept here, counted and logged, and {@code strict} mode turns the file-level kinds into
 * errors.
 *
 * @param kind   what went wrong
 * @param file   the file concerned (annotation or image)
 * @param detail a human-readable explanation
 */
public record DatasetSkip(Kind kind, String file, String detail) {

    /** The kinds of skip. Object-level kinds drop one object; the others drop a whole image. */
    public enum Kind {
        /** An image in the image folder (or split list) with no XML of the same stem. */
        IMAGE_WITHOUT_ANNOTATION(false),
        /** An XML with no image of the same stem. */
        ANNOTATION_WITHOUT_IMAGE(false),
        /** A split-list entry with neither image nor XML. */
        LISTED_WITHOUT_FILES(false),
        /** A second image file with the same stem as another (the first in name order is used). */
        DUPLICATE_IMAGE(false),
        /** An XML that cannot be parsed. */
        MALFORMED_ANNOTATION(false),
        /** An image whose header cannot be read while its size was needed. */
        UNREADABLE_IMAGE(false),
        /** An object whose class is not in the class list (never an error: subsets of classes are legitimate). */
        UNKNOWN_CLASS(true),
        /** An object whose box has zero area or is inverted (after clipping to the image). */
        BAD_BOX(true);

        private final boolean objectLevel;

        Kind(boolean objectLevel) {
            this.objectLevel = objectLevel;
        }

        /** True when the skip drops one object and keeps the image. */
        public boolean objectLevel() {
            return objectLevel;
        }

        /** True for the unpaired-file kinds (image without XML, XML without image, listed without files). */
        public boolean missingPair() {
            return this == IMAGE_WITHOUT_ANNOTATION || this == ANNOTATION_WITHOUT_IMAGE || this == LISTED_WITHOUT_FILES;
        }
    }
}
