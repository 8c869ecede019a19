package io.jyolo.spark;

/**
 * What a row of the job's one intermediate table says; the detections, failures and summary are
 * each a filter of that table, so the inputs are read and detected on once.
 */
enum RecordKind {
    /** One object found in an image or a video frame. */
    DETECTION,
    /** An input that could not be read (or a video that broke off), with the reason. */
    FAILURE,
    /** An input read to its end, with the number of pictures detected on (1 for an image). */
    INPUT
}
