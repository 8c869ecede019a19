package io.jyolo.train;

/** Told after each batch of a {@link Validator} pass, so a front end can show how far it got. */
@FunctionalInterface
public interface ValidationProgress {

    /** Reports nothing. */
    ValidationProgress NONE = (done, total) -> { };

    /**
     * @param done  images handled so far, unreadable ones included
     * @param total images in the split
     */
    void imagesDone(int done, int total);
}
