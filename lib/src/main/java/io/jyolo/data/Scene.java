package io.jyolo.data;

import java.awt.geom.Area;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One generated synthetic image with the exact geometry behind its annotation
 * (package-private: tests check the annotation against this geometry).
 */
record Scene(BufferedImage image, List<Scene.Item> items) {

    Scene {
        items = List.copyOf(items);
    }

    /** The VOC annotation of this scene, objects in drawing order (back to front). */
    VocAnnotation annotation(String filename) {
        return new VocAnnotation(filename, image.getWidth(), image.getHeight(), 3,
                items.stream().map(Item::toVoc).toList());
    }

    /**
     * One drawn object.
     *
     * @param kind             class
     * @param outline          the filled polygon in image pixels (may extend beyond the image)
     * @param visible          the part not covered by later objects, inside the image
     * @param box              tight box of {@code visible}, rounded to 0.1 px
     * @param truncated        the outline extends beyond the image
     * @param occludedFraction share of the in-image part covered by later objects
     * @param difficult        {@code occludedFraction >= }{@link SceneGenerator#DIFFICULT_OCCLUSION}
     */
    record Item(ShapeKind kind, Path2D.Double outline, Area visible, Box box, boolean truncated,
                double occludedFraction, boolean difficult) {

        VocObject toVoc() {
            return new VocObject(kind.label(), box, difficult, truncated);
        }
    }
}
