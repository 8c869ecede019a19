package io.jyolo.data;

import java.util.List;

/**
 * The content of one PASCAL VOC annotation file.
 *
 * @param filename image file name as written in the XML (may differ in case or extension from the real file;
 *                 datasets pair images and annotations by file stem, not by this field)
 * @param width    image width in pixels
 * @param height   image height in pixels
 * @param depth    channels, usually 3
 * @param objects  the annotated objects, in file order
 */
public record VocAnnotation(String filename, int width, int height, int depth, List<VocObject> objects) {

    public VocAnnotation {
        objects = List.copyOf(objects);
    }

    /** Objects whose name is {@code className}. */
    public List<VocObject> objectsOf(String className) {
        return objects.stream().filter(o -> o.name().equals(className)).toList();
    }
}
