package io.jyolo.train;

import io.jyolo.loss.LossParts;
import java.util.HashMap;
import java.util.Map;

/**
 * Running sums of the loss parts over the images of an epoch (or of a validation pass), from
 * which the per-image means in the history and TensorBoard are taken.
 *
 * <p>The parts of a {@link LossParts} are batch means, so each is added times the batch size:
 * the epoch mean is then the mean over images, not over batches, and a short last batch weighs
 * what its images weigh. The IoU is kept as a sum over object cells and their count, because the
 * mean IoU is over objects, not images.
 *
 * <p>A checkpoint written mid-epoch stores these sums so that the resumed epoch reports the same
 * means as an uninterrupted one. It stores them as a name-to-number map ({@link #toMap},
 * {@link #fromMap}); the names are those of the checkpoints written before this type existed, so
 * those checkpoints still resume.
 *
 * @param loss               sum of the total loss times the batch size
 * @param coord              sum of the coordinate part times the batch size
 * @param objectConfidence   sum of the object-confidence part times the batch size
 * @param noObjectConfidence sum of the no-object-confidence part times the batch size
 * @param classes            sum of the class part times the batch size
 * @param iouSum             sum of the responsible boxes' IoU over object cells
 * @param objects            object cells that took part in the loss
 * @param images             images added
 */
public record LossTotals(double loss, double coord, double objectConfidence, double noObjectConfidence,
                         double classes, double iouSum, double objects, double images) {

    /** No images yet. */
    public static final LossTotals ZERO = new LossTotals(0, 0, 0, 0, 0, 0, 0, 0);

    /** The names of the sums in a checkpoint's {@code partial} map (see {@link #toMap}). */
    private enum Key {
        LOSS("loss"), COORD("coord"), OBJ("obj"), NOOBJ("noobj"), CLASSES("classes"), IOU_SUM("iouSum"),
        OBJECTS("objects"), IMAGES("images");

        private final String name;

        Key(String name) {
            this.name = name;
        }
    }

    /** These sums plus a batch of {@code images} images whose mean loss parts are {@code parts}. */
    public LossTotals plus(LossParts parts, int images) {
        return new LossTotals(loss + parts.total() * images, coord + parts.coord() * images,
                objectConfidence + parts.objectConfidence() * images,
                noObjectConfidence + parts.noObjectConfidence() * images, classes + parts.classes() * images,
                iouSum + parts.iouSum(), objects + parts.objectCount(), this.images + images);
    }

    /** These sums plus {@code other}'s, field by field. */
    public LossTotals plus(LossTotals other) {
        return new LossTotals(loss + other.loss, coord + other.coord, objectConfidence + other.objectConfidence,
                noObjectConfidence + other.noObjectConfidence, classes + other.classes, iouSum + other.iouSum,
                objects + other.objects, images + other.images);
    }

    /**
     * True when every sum is finite: false once any batch added a NaN or infinite loss (the parts are
     * never negative, so a NaN or an infinity cannot cancel out).
     */
    public boolean finite() {
        return Double.isFinite(loss) && Double.isFinite(coord) && Double.isFinite(objectConfidence)
                && Double.isFinite(noObjectConfidence) && Double.isFinite(classes) && Double.isFinite(iouSum);
    }

    /** Mean total loss per image (a sum over at least one image is assumed; 0 images divide by 1). */
    public double meanLoss() {
        return loss / Math.max(1, images);
    }

    /** Mean coordinate part per image. */
    public double meanCoord() {
        return coord / Math.max(1, images);
    }

    /** Mean object-confidence part per image. */
    public double meanObjectConfidence() {
        return objectConfidence / Math.max(1, images);
    }

    /** Mean no-object-confidence part per image. */
    public double meanNoObjectConfidence() {
        return noObjectConfidence / Math.max(1, images);
    }

    /** Mean class part per image. */
    public double meanClasses() {
        return classes / Math.max(1, images);
    }

    /** Mean IoU of the responsible boxes over object cells, 0 when there were none. */
    public double meanIou() {
        return objects > 0 ? iouSum / objects : 0.0;
    }

    /** The sums by the names a checkpoint stores them under; empty before the first image, as at an epoch boundary. */
    public Map<String, Double> toMap() {
        Map<String, Double> m = new HashMap<>();
        if (images == 0) {
            return m;
        }
        m.put(Key.LOSS.name, loss);
        m.put(Key.COORD.name, coord);
        m.put(Key.OBJ.name, objectConfidence);
        m.put(Key.NOOBJ.name, noObjectConfidence);
        m.put(Key.CLASSES.name, classes);
        m.put(Key.IOU_SUM.name, iouSum);
        m.put(Key.OBJECTS.name, objects);
        m.put(Key.IMAGES.name, images);
        return m;
    }

    /** The sums a checkpoint stored ({@link #toMap}); missing names count as 0 (an epoch-boundary checkpoint has none). */
    public static LossTotals fromMap(Map<String, Double> m) {
        return new LossTotals(get(m, Key.LOSS), get(m, Key.COORD), get(m, Key.OBJ), get(m, Key.NOOBJ),
                get(m, Key.CLASSES), get(m, Key.IOU_SUM), get(m, Key.OBJECTS), get(m, Key.IMAGES));
    }

    private static double get(Map<String, Double> m, Key k) {
        return m.getOrDefault(k.name, 0.0);
    }
}
