package io.jyolo.predict;

import io.jyolo.data.Box;

/**
 * One detected object: class, score and a box in original-image pixels.
 *
 * @param classIndex index into the run's class list
 * @param className  the class name, for display
 * @param score      confidence x class probability, 0..1
 * @param box        corners in pixels of the image the detector was given
 */
public record Detection(int classIndex, String className, float score, Box box) {
}
