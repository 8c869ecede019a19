package io.jyolo.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Greedy non-maximum suppression with true intersection-over-union.
 *
 * <p>The PyTorch original sorted ascending (keeping the weakest box), measured overlap as
 * {@code inter / (A + B)} (which never exceeds 0.5, so an IoU threshold of 0.5 suppressed
 * nothing) and ignored classes. Here the strongest box always wins, overlap is
 * {@link io.jyolo.data.Box#iou}, and by default only boxes of the same class compete.
 */
public final class Nms {

    private Nms() {
    }

    /**
     * Keeps, in descending score, every detection whose IoU with each stronger kept detection
     * (of the same class, unless {@code classAgnostic}) is at most {@code iouThreshold}.
     * Equal scores keep their input order.
     *
     * @return a new list in descending score; the input is not modified
     */
    public static List<Detection> apply(List<Detection> detections, float iouThreshold, boolean classAgnostic) {
        if (!(iouThreshold >= 0f && iouThreshold <= 1f)) {
            throw new IllegalArgumentException("NMS IoU threshold must be in [0, 1], got " + iouThreshold);
        }
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection candidate : sorted) {
            if (!suppressed(candidate, kept, iouThreshold, classAgnostic)) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    private static boolean suppressed(Detection candidate, List<Detection> kept, float iouThreshold,
                                      boolean classAgnostic) {
        for (Detection k : kept) {
            boolean competes = classAgnostic || sameClass(k, candidate);
            if (competes && k.box().iou(candidate.box()) > iouThreshold) {
                return true;
            }
        }
        return false;
    }

    /** Same index and same name: detections read from files carry index -1 and differ by name only. */
    private static boolean sameClass(Detection a, Detection b) {
        return a.classIndex() == b.classIndex() && Objects.equals(a.className(), b.className());
    }
}
