package io.jyolo.viz;

import io.jyolo.data.Box;
import io.jyolo.data.VocObject;
import io.jyolo.predict.Detection;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Picks the mistakes worth looking at after an evaluation: the most confident false positives
 * (with the reason each one is wrong) and the ground-truth objects that no detection found, and
 * draws them. Matching follows the VOC devkit rule that {@link io.jyolo.eval.VocEvaluator} uses:
 * per class, detections by decreasing score each take the still-free object of their class they
 * overlap most, at IoU at or above the threshold; a match with a difficult object is ignored.
 */
public final class ErrorExamples {

    /** Why an example is an error. */
    public enum Kind {
        /** A detection that matches no free object of its class. */
        FALSE_POSITIVE,
        /** A non-difficult object that no detection of its class matched. */
        MISSED
    }

    /**
     * One mistake.
     *
     * @param kind      false positive or missed object
     * @param imageId   the image
     * @param className the detection's or the object's class
     * @param score     the detection's score (missed objects: the best score of a same-class detection
     *                  overlapping it at all, 0 when none)
     * @param box       the detection's or the object's box, in image pixels
     * @param iou       best IoU with an object of the same class (false positives) or with a same-class
     *                  detection (missed objects)
     * @param reason    a short explanation: {@code background}, {@code poor localisation},
     *                  {@code duplicate}, {@code wrong class (cat)}; {@code not detected} or
     *                  {@code poor localisation} for missed objects
     */
    public record Example(Kind kind, String imageId, String className, double score, Box box, double iou,
                          String reason) {

        /** One line for captions. */
        public String caption() {
            return kind == Kind.FALSE_POSITIVE
                    ? String.format(Locale.ROOT, "%s: %s %.2f, %s", imageId, className, score, reason)
                    : String.format(Locale.ROOT, "%s: missed %s, %s", imageId, className, reason);
        }
    }

    /** Reads an image by its id (e.g. {@code id -> dataset sample -> readImage()}). */
    @FunctionalInterface
    public interface ImageSource {
        BufferedImage read(String imageId) throws IOException;
    }

    private final List<Example> falsePositives = new ArrayList<>();
    private final List<Example> missed = new ArrayList<>();

    private ErrorExamples() {
    }

    /**
     * Matches every detection against the ground truth at IoU {@code iouThreshold}.
     *
     * @param truth      objects per image id
     * @param detections detections per image id (images without an entry have none)
     */
    public static ErrorExamples find(Map<String, List<VocObject>> truth, Map<String, List<Detection>> detections,
                                     double iouThreshold) {
        ErrorExamples out = new ErrorExamples();
        TreeSet<String> classes = new TreeSet<>();
        truth.values().forEach(l -> l.forEach(o -> classes.add(o.name())));
        detections.values().forEach(l -> l.forEach(d -> classes.add(d.className())));
        Map<String, List<VocObject>> sortedTruth = new TreeMap<>(truth);
        Map<String, List<Detection>> sortedDets = new TreeMap<>(detections);
        for (String cls : classes) {
            out.matchClass(cls, sortedTruth, sortedDets, iouThreshold);
        }
        out.falsePositives.sort(Comparator.comparingDouble(Example::score).reversed());
        out.missed.sort(Comparator.comparingDouble((Example e) -> -e.box().area()));
        return out;
    }

    private void matchClass(String cls, Map<String, List<VocObject>> truth, Map<String, List<Detection>> dets,
                            double thr) {
        record Ranked(String imageId, Detection det) {
        }
        List<Ranked> ranked = new ArrayList<>();
        dets.forEach((id, list) -> list.stream().filter(d -> d.className().equals(cls))
                .forEach(d -> ranked.add(new Ranked(id, d))));
        ranked.sort(Comparator.comparingDouble((Ranked r) -> r.det().score()).reversed());
        Map<String, boolean[]> taken = new TreeMap<>();
        Map<String, List<VocObject>> ofClass = new TreeMap<>();
        truth.forEach((id, list) -> {
            List<VocObject> objs = list.stream().filter(o -> o.name().equals(cls)).toList();
            ofClass.put(id, objs);
            taken.put(id, new boolean[objs.size()]);
        });
        for (Ranked r : ranked) {
            List<VocObject> candidates = ofClass.getOrDefault(r.imageId(), List.of());
            int best = -1;
            double bestIou = 0;
            for (int k = 0; k < candidates.size(); k++) {
                double o = r.det().box().iou(candidates.get(k).box());
                if (best < 0 || o > bestIou) {
                    best = k;
                    bestIou = o;
                }
            }
            if (best >= 0 && bestIou >= thr) {
                if (candidates.get(best).difficult()) {
                    continue;
                }
                boolean[] used = taken.get(r.imageId());
                if (!used[best]) {
                    used[best] = true;
                    continue;
                }
                falsePositives.add(fp(r.imageId(), r.det(), bestIou, "duplicate"));
                continue;
            }
            String reason = bestIou >= 0.1 ? "poor localisation" : otherClass(truth.get(r.imageId()), r.det(), thr);
            falsePositives.add(fp(r.imageId(), r.det(), Math.max(0, bestIou), reason));
        }
        for (Map.Entry<String, List<VocObject>> e : ofClass.entrySet()) {
            boolean[] used = taken.get(e.getKey());
            for (int k = 0; k < e.getValue().size(); k++) {
                VocObject o = e.getValue().get(k);
                if (used[k] || o.difficult()) {
                    continue;
                }
                double bestScore = 0;
                double bestIou = 0;
                for (Detection d : dets.getOrDefault(e.getKey(), List.of())) {
                    if (d.className().equals(cls)) {
                        double iou = d.box().iou(o.box());
                        if (iou > 0) {
                            bestScore = Math.max(bestScore, d.score());
                        }
                        bestIou = Math.max(bestIou, iou);
                    }
                }
                missed.add(new Example(Kind.MISSED, e.getKey(), cls, bestScore, o.box(), bestIou,
                        bestIou >= 0.1 ? "poor localisation" : "not detected"));
            }
        }
    }

    private static Example fp(String id, Detection d, double iou, String reason) {
        return new Example(Kind.FALSE_POSITIVE, id, d.className(), d.score(), d.box(), iou, reason);
    }

    private static String otherClass(List<VocObject> objects, Detection d, double thr) {
        if (objects != null) {
            for (VocObject o : objects) {
                if (!o.name().equals(d.className()) && d.box().iou(o.box()) >= thr) {
                    return "wrong class (" + o.name() + ")";
                }
            }
        }
        return "background";
    }

    /** False positives, most confident first. */
    public List<Example> falsePositives() {
        return List.copyOf(falsePositives);
    }

    /** Missed objects, largest first (a large object missed is the plainer failure). */
    public List<Example> missed() {
        return List.copyOf(missed);
    }

    /** The first {@code n} false positives. */
    public List<Example> worstFalsePositives(int n) {
        return falsePositives.subList(0, Math.min(n, falsePositives.size()));
    }

    /** The first {@code n} missed objects. */
    public List<Example> worstMissed(int n) {
        return missed.subList(0, Math.min(n, missed.size()));
    }

    /**
     * The examples as one picture: each a crop around its box (with context) of the image with
     * the image's ground truth drawn thin, and the example's box drawn thick in red (false
     * positive) or orange (missed), captioned.
     *
     * @throws IllegalArgumentException when {@code examples} is empty
     */
    public static BufferedImage grid(List<Example> examples, ImageSource images, Map<String, List<VocObject>> truth,
                                     List<String> classNames, int columns, int cell) {
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (Example e : examples) {
            BufferedImage img;
            try {
                img = images.read(e.imageId());
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read image " + e.imageId() + ": " + ex.getMessage(), ex);
            }
            BufferedImage drawn = BoxPainter.drawGroundTruth(img, truth.getOrDefault(e.imageId(), List.of()),
                    classNames);
            highlight(drawn, e.box(), e.kind() == Kind.FALSE_POSITIVE ? new Color(230, 0, 0) : new Color(255, 140, 0));
            tiles.add(crop(drawn, e.box()));
            captions.add(e.caption());
        }
        return ImageGrid.tile(tiles, captions, columns, cell);
    }

    private static void highlight(BufferedImage img, Box b, Color colour) {
        Graphics2D g = img.createGraphics();
        try {
            int t = Math.max(2, Math.min(img.getWidth(), img.getHeight()) / 100);
            g.setColor(colour);
            g.setStroke(new BasicStroke(t, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {3f * t, 2f * t}, 0f));
            g.drawRect(Math.round(b.xmin()), Math.round(b.ymin()), Math.max(1, Math.round(b.width()) - 1),
                    Math.max(1, Math.round(b.height()) - 1));
        } finally {
            g.dispose();
        }
    }

    /** The box grown to twice its size (at least 96 pixels a side), kept inside the image. */
    static BufferedImage crop(BufferedImage img, Box b) {
        double side = Math.max(96, 2 * Math.max(b.width(), b.height()));
        int w = (int) Math.min(img.getWidth(), Math.round(side));
        int h = (int) Math.min(img.getHeight(), Math.round(side));
        int x = (int) Math.round(b.centreX() - w / 2.0);
        int y = (int) Math.round(b.centreY() - h / 2.0);
        x = Math.max(0, Math.min(img.getWidth() - w, x));
        y = Math.max(0, Math.min(img.getHeight() - h, y));
        return img.getSubimage(x, y, w, h);
    }
}
