package io.jyolo.data;

/** Where a dataset's class list came from: said once when it opens, so a surprising index order has a reason. */
public enum ClassSource {
    /** The folder's {@code classes.txt} (or the class file given to the builder). */
    CLASS_FILE,
    /** An official PASCAL VOC folder without {@code classes.txt}: the 20 VOC classes in the standard order. */
    VOC_STANDARD,
    /** No class file: every class name in the annotations, sorted. */
    ANNOTATIONS,
    /** Passed in by the caller (a run's classes, a test). */
    GIVEN
}
