package io.jyolo.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One training or evaluation image with its ground truth, as a {@link VocDataset} resolved it.
 *
 * <p>The annotation keeps the file's content as written (every object, raw coordinates), except
 * that a missing or 0x0 {@code <size>} is replaced by the real image size; {@code objects} holds
 * only what the pipeline uses: known classes, boxes clipped to the image, zero-area and inverted
 * boxes removed. Difficult objects stay in {@code objects} with their flag set so training can
 * leave them out and evaluation can ignore them.
 *
 * @param id         the file stem shared by the image and its XML (also the split-list entry)
 * @param imagePath  the image file, always inside the dataset's image folder
 * @param annotation the parsed XML with the resolved width and height
 * @param objects    the kept objects, in file order, coordinates in original image pixels
 */
public record Sample(String id, Path imagePath, VocAnnotation annotation, List<VocObject> objects) {

    public Sample {
        objects = List.copyOf(objects);
    }

    /** Image width in pixels (resolved). */
    public int width() {
        return annotation.width();
    }

    /** Image height in pixels (resolved). */
    public int height() {
        return annotation.height();
    }

    /**
     * Checks that {@code image}, decoded from {@link #imagePath}, has the size the annotation says: the
     * boxes are in that size's pixels.
     *
     * @throws IOException naming the file and both sizes
     */
    void requireSize(BufferedImage image) throws IOException {
        if (image.getWidth() != width() || image.getHeight() != height()) {
            throw new IOException(imagePath + ": image is " + image.getWidth() + "x" + image.getHeight()
                    + " but its annotation says " + width() + "x" + height() + " (wrong pairing or rotated image?)");
        }
    }

    /** Decodes the image as RGB (JPEG or PNG by content; grayscale and CMYK converted); errors name the file. */
    public BufferedImage readImage() throws IOException {
        return ImageReading.readRgb(imagePath);
    }
}
