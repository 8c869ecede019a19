package io.jyolo.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.jyolo.engine.Engines;
import io.jyolo.model.OutputLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loss values checked against numbers worked out here with plain Java arithmetic from the
 * formula (see {@link YoloLoss}), not against the NDArray code.
 */
class YoloLossTest {

    private static final int S = 2;
    private static final OutputLayout LAYOUT = new OutputLayout(S, 2, 3);
    private static final double EPS = 1e-8;

    private NDManager manager;

    @BeforeAll
    static void engine() {
        Engines.get();
    }

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** One image: prediction and target values, written cell by cell. */
    private static final class Image {
        final float[] prediction = new float[S * S * LAYOUT.channels()];
        final float[] target = new float[S * S * LAYOUT.targetChannels()];

        Image box(int row, int col, int b, double x, double y, double w, double h, double conf) {
            int base = (row * S + col) * LAYOUT.channels() + LAYOUT.boxOffset(b);
            prediction[base] = (float) x;
            prediction[base + 1] = (float) y;
            prediction[base + 2] = (float) w;
            prediction[base + 3] = (float) h;
            prediction[(row * S + col) * LAYOUT.channels() + LAYOUT.confidenceIndex(b)] = (float) conf;
            return this;
        }

        Image classes(int row, int col, double... scores) {
            int base = (row * S + col) * LAYOUT.channels() + LAYOUT.classOffset();
            for (int k = 0; k < scores.length; k++) {
                prediction[base + k] = (float) scores[k];
            }
            return this;
        }

        Image object(int row, int col, double x, double y, double w, double h, int cls) {
            int base = (row * S + col) * LAYOUT.targetChannels();
            target[base] = (float) x;
            target[base + 1] = (float) y;
            target[base + 2] = (float) w;
            target[base + 3] = (float) h;
            target[base + OutputLayout.TARGET_OBJECT] = 1f;
            target[base + OutputLayout.TARGET_CLASS + cls] = 1f;
            return this;
        }

        Image difficult(int row, int col) {
            target[(row * S + col) * LAYOUT.targetChannels() + LAYOUT.targetDifficultIndex()] = 1f;
            return this;
        }
    }

    private NDArray predictions(Image... images) {
        float[] all = new float[images.length * images[0].prediction.length];
        for (int n = 0; n < images.length; n++) {
            System.arraycopy(images[n].prediction, 0, all, n * images[0].prediction.length, images[0].prediction.length);
        }
        return manager.create(all, new Shape(images.length, S, S, LAYOUT.channels()));
    }

    private NDArray targets(Image... images) {
        float[] all = new float[images.length * images[0].target.length];
        for (int n = 0; n < images.length; n++) {
            System.arraycopy(images[n].target, 0, all, n * images[0].target.length, images[0].target.length);
        }
        return manager.create(all, new Shape(images.length, S, S, LAYOUT.targetChannels()));
    }

    private LossParts loss(LossConfig config, Image... images) {
        LossResult result = new YoloLoss(LAYOUT, config).compute(predictions(images), targets(images));
        LossParts parts = result.parts();
        assertEquals(parts.total(), result.total().getFloat(), 1e-6);
        assertEquals(parts.total(), parts.coord() + parts.objectConfidence() + parts.noObjectConfidence()
                + parts.classes(), 1e-5 * Math.max(1, parts.total()), "parts add up to the total");
        return parts;
    }

    private LossParts loss(Image... images) {
        return loss(LossConfig.defaults(), images);
    }

    /** IoU in whole-image coordinates: centre = (cell + offset) / S. */
    private static double iou(int row, int col, double px, double py, double pw, double ph,
                              double tx, double ty, double tw, double th) {
        double pcx = (col + px) / S;
        double pcy = (row + py) / S;
        double tcx = (col + tx) / S;
        double tcy = (row + ty) / S;
        double iw = Math.max(0, Math.min(pcx + pw / 2, tcx + tw / 2) - Math.max(pcx - pw / 2, tcx - tw / 2));
        double ih = Math.max(0, Math.min(pcy + ph / 2, tcy + th / 2) - Math.max(pcy - ph / 2, tcy - th / 2));
        double inter = iw * ih;
        return inter / (pw * ph + tw * th - inter);
    }

    private static double sqrtErr(double p, double t) {
        double d = Math.sqrt(p + EPS) - Math.sqrt(t + EPS);
        return d * d;
    }

    private static double sq(double v) {
        return v * v;
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-5 * Math.max(1, Math.abs(expected)), what);
    }

    /** Fills every cell's two confidences (and some box values) so no-object terms are non-trivial. */
    /**
     * The background plus one object in row 1, column 0 (centre (0.4, 0.5) of the cell, 0.3 x 0.5 of
     * the image, class 2), box 0 overlapping it well, box 1 far off, class scores 0.1, 0.2, 0.6.
     */
    private static Image oneObjectScene() {
        return background()
                .box(1, 0, 0, 0.35, 0.55, 0.25, 0.45, 0.2)   // overlaps well
                .box(1, 0, 1, 0.9, 0.1, 0.1, 0.1, 0.5)       // far off
                .classes(1, 0, 0.1, 0.2, 0.6)
                .object(1, 0, 0.4, 0.5, 0.3, 0.5, 2);
    }

    private static Image background() {
        return new Image()
                .box(0, 0, 0, 0.2, 0.3, 0.5, 0.4, 0.3).box(0, 0, 1, 0.6, 0.6, 0.2, 0.2, 0.1)
                .box(0, 1, 0, 0.5, 0.5, 0.3, 0.3, 0.4).box(0, 1, 1, 0.5, 0.5, 0.3, 0.3, 0.6)
                .box(1, 0, 0, 0.1, 0.9, 0.1, 0.6, 0.2).box(1, 0, 1, 0.7, 0.2, 0.4, 0.4, 0.5)
                .box(1, 1, 0, 0.3, 0.3, 0.2, 0.8, 0.9).box(1, 1, 1, 0.8, 0.4, 0.6, 0.1, 0.05)
                .classes(0, 0, 0.2, 0.3, 0.4).classes(0, 1, 0.1, 0.5, 0.2)
                .classes(1, 0, 0.6, 0.1, 0.3).classes(1, 1, 0.3, 0.3, 0.3);
    }

    /** Sum of squared confidences of the background, both boxes of every cell. */
    private static final double BACKGROUND_CONF_SQ = sq(0.3) + sq(0.1) + sq(0.4) + sq(0.6) + sq(0.2) + sq(0.5)
            + sq(0.9) + sq(0.05);

    @Test
    void emptyImageOnlyPaysNoObjectConfidenceForBothBoxes() {
        LossParts parts = loss(background());
        close(0.5 * BACKGROUND_CONF_SQ, parts.total(), "total");
        close(0.5 * BACKGROUND_CONF_SQ, parts.noObjectConfidence(), "noobj");
        assertEquals(0.0, parts.coord());
        assertEquals(0.0, parts.objectConfidence());
        assertEquals(0.0, parts.classes());
        assertEquals(0, parts.objectCount());
        assertEquals(0.0, parts.meanIou());
        assertTrue(Double.isFinite(parts.total()));
    }

    @Test
    void oneObject() {
        Image image = oneObjectScene();
        double iou0 = iou(1, 0, 0.35, 0.55, 0.25, 0.45, 0.4, 0.5, 0.3, 0.5);
        double iou1 = iou(1, 0, 0.9, 0.1, 0.1, 0.1, 0.4, 0.5, 0.3, 0.5);
        assertTrue(iou0 > iou1 && iou0 > 0.5, "test setup: box 0 should win, " + iou0 + " vs " + iou1);

        double coord = 5 * (sq(0.35 - 0.4) + sq(0.55 - 0.5) + sqrtErr(0.25, 0.3) + sqrtErr(0.45, 0.5));
        double objConf = sq(0.2 - iou0);
        double noobj = 0.5 * (BACKGROUND_CONF_SQ - sq(0.2) - sq(0.5) + sq(0.5));  // cell (1,0): box 0 is now 0.2
        double classes = sq(0.1) + sq(0.2) + sq(0.6 - 1);

        LossParts parts = loss(image);
        close(coord, parts.coord(), "coord");
        close(objConf, parts.objectConfidence(), "object confidence");
        close(noobj, parts.noObjectConfidence(), "no-object confidence");
        close(classes, parts.classes(), "classes");
        close(coord + objConf + noobj + classes, parts.total(), "total");
        assertEquals(1, parts.objectCount());
        close(iou0, parts.iouSum(), "iou sum");
        close(iou0, parts.meanIou(), "mean iou");
    }

    @Test
    void confidenceTargetOneAndCustomWeights() {
        Image image = oneObjectScene();
        LossConfig config = LossConfig.builder().confidenceTarget(ConfidenceTarget.ONE).lambdaCoord(2)
                .lambdaNoobj(0.25).build();
        double coord = 2 * (sq(0.35 - 0.4) + sq(0.55 - 0.5) + sqrtErr(0.25, 0.3) + sqrtErr(0.45, 0.5));
        double objConf = sq(0.2 - 1);
        double noobj = 0.25 * (BACKGROUND_CONF_SQ - sq(0.2) - sq(0.5) + sq(0.5));
        double classes = sq(0.1) + sq(0.2) + sq(0.6 - 1);
        LossParts parts = loss(config, image);
        close(objConf, parts.objectConfidence(), "object confidence with target 1");
        close(coord + objConf + noobj + classes, parts.total(), "total");
    }

    @Test
    void crossEntropyClassLossAndConfigsSavedBeforeTheOptionReadAsSquaredError() {
        Image image = oneObjectScene();
        LossParts squared = loss(image);
        LossParts entropy = loss(LossConfig.builder().classLoss(ClassLoss.CROSS_ENTROPY).build(), image);
        double classes = -(Math.log(1 - 0.1) + Math.log(1 - 0.2) + Math.log(0.6));
        close(classes, entropy.classes(), "binary cross-entropy of the class scores");
        close(squared.coord() + squared.objectConfidence() + squared.noObjectConfidence() + classes,
                entropy.total(), "only the class term changes");
        // A wrong score at 0 costs a large but finite amount (p is clamped to 1e-7).
        Image wrong = background().classes(1, 0, 1.0, 0.0, 0.0).object(1, 0, 0.4, 0.5, 0.3, 0.5, 2);
        double worst = loss(LossConfig.builder().classLoss(ClassLoss.CROSS_ENTROPY).build(), wrong).classes();
        assertTrue(Double.isFinite(worst) && worst > 2 * 15, "clamped: " + worst);
        // Old config.json files have no classLoss field: Gson passes null, which means the paper's term.
        LossConfig old = new com.google.gson.Gson().fromJson(
                "{\"lambdaCoord\":5,\"lambdaNoobj\":0.5,\"confidenceTarget\":\"IOU\",\"ignoreDifficult\":true,"
                        + "\"sqrtEpsilon\":1e-8}", LossConfig.class);
        assertEquals(ClassLoss.SQUARED_ERROR, old.classLoss());
    }

    @Test
    void twoObjectsInDifferentCellsWithTheSecondBoxResponsibleInOne() {
        Image image = background()
                // cell (0,0): box 1 overlaps better
                .box(0, 0, 0, 0.1, 0.1, 0.05, 0.05, 0.3)
                .box(0, 0, 1, 0.5, 0.5, 0.2, 0.3, 0.7)
                .classes(0, 0, 0.9, 0.05, 0.1)
                .object(0, 0, 0.45, 0.55, 0.25, 0.3, 0)
                // cell (1,1): box 0 overlaps better
                .box(1, 1, 0, 0.6, 0.6, 0.5, 0.5, 0.8)
                .box(1, 1, 1, 0.2, 0.2, 0.1, 0.9, 0.4)
                .classes(1, 1, 0.2, 0.7, 0.2)
                .object(1, 1, 0.55, 0.65, 0.45, 0.55, 1);
        double iouA0 = iou(0, 0, 0.1, 0.1, 0.05, 0.05, 0.45, 0.55, 0.25, 0.3);
        double iouA1 = iou(0, 0, 0.5, 0.5, 0.2, 0.3, 0.45, 0.55, 0.25, 0.3);
        double iouB0 = iou(1, 1, 0.6, 0.6, 0.5, 0.5, 0.55, 0.65, 0.45, 0.55);
        double iouB1 = iou(1, 1, 0.2, 0.2, 0.1, 0.9, 0.55, 0.65, 0.45, 0.55);
        assertTrue(iouA1 > iouA0 && iouB0 > iouB1, "test setup");

        double coord = 5 * (sq(0.5 - 0.45) + sq(0.5 - 0.55) + sqrtErr(0.2, 0.25) + sqrtErr(0.3, 0.3))
                + 5 * (sq(0.6 - 0.55) + sq(0.6 - 0.65) + sqrtErr(0.5, 0.45) + sqrtErr(0.5, 0.55));
        double objConf = sq(0.7 - iouA1) + sq(0.8 - iouB0);
        // no-object: box 0 of (0,0), box 1 of (1,1), and both boxes of the two empty cells
        double noobj = 0.5 * (sq(0.3) + sq(0.4) + sq(0.4) + sq(0.6) + sq(0.2) + sq(0.5));
        double classes = sq(0.9 - 1) + sq(0.05) + sq(0.1) + sq(0.2) + sq(0.7 - 1) + sq(0.2);

        LossParts parts = loss(image);
        close(coord, parts.coord(), "coord");
        close(objConf, parts.objectConfidence(), "object confidence");
        close(noobj, parts.noObjectConfidence(), "no-object confidence");
        close(classes, parts.classes(), "classes");
        close(coord + objConf + noobj + classes, parts.total(), "total");
        assertEquals(2, parts.objectCount());
        close(iouA1 + iouB0, parts.iouSum(), "iou sum");
        close((iouA1 + iouB0) / 2, parts.meanIou(), "mean iou");
    }

    @Test
    void tieGoesToTheLowerBoxIndex() {
        // Both boxes identical in geometry, different confidences: box 0 must be the responsible one.
        Image image = background()
                .box(0, 1, 0, 0.5, 0.5, 0.3, 0.3, 0.3)
                .box(0, 1, 1, 0.5, 0.5, 0.3, 0.3, 0.8)
                .classes(0, 1, 0, 0, 1)
                .object(0, 1, 0.4, 0.5, 0.2, 0.4, 2);
        double iouTie = iou(0, 1, 0.5, 0.5, 0.3, 0.3, 0.4, 0.5, 0.2, 0.4);
        double coord = 5 * (sq(0.1) + 0 + sqrtErr(0.3, 0.2) + sqrtErr(0.3, 0.4));
        double objConf = sq(0.3 - iouTie);
        double noobj = 0.5 * (BACKGROUND_CONF_SQ - sq(0.4) - sq(0.6) + sq(0.8));
        LossParts parts = loss(image);
        close(objConf, parts.objectConfidence(), "box 0 responsible");
        close(noobj, parts.noObjectConfidence(), "box 1 pays no-object");
        close(coord + objConf + noobj, parts.total(), "total");

        // No overlap at all for either box (both IoU 0): still box 0.
        Image apart = background()
                .box(0, 1, 0, 0.0, 0.0, 0.01, 0.01, 0.25)
                .box(0, 1, 1, 1.0, 1.0, 0.01, 0.01, 0.75)
                .classes(0, 1, 0, 0, 1)
                .object(0, 1, 0.5, 0.5, 0.1, 0.1, 2);
        LossParts apartParts = loss(apart);
        close(sq(0.25 - 0), apartParts.objectConfidence(), "box 0 responsible without overlap");
        assertEquals(0.0, apartParts.meanIou(), 1e-7);
    }

    @Test
    void difficultCellIsLeftOutEntirelyByDefault() {
        Image image = background()
                .box(1, 0, 0, 0.35, 0.55, 0.25, 0.45, 0.2)
                .classes(1, 0, 0.1, 0.2, 0.6)
                .object(1, 0, 0.4, 0.5, 0.3, 0.5, 2)
                .difficult(1, 0);
        // cell (1,0) contributes nothing: background confidences of the three other cells only
        double noobj = 0.5 * (sq(0.3) + sq(0.1) + sq(0.4) + sq(0.6) + sq(0.9) + sq(0.05));
        LossParts parts = loss(image);
        close(noobj, parts.total(), "total");
        assertEquals(0, parts.objectCount());
        assertEquals(0.0, parts.coord());

        LossParts counted = loss(LossConfig.builder().ignoreDifficult(false).build(), image);
        assertEquals(1, counted.objectCount());
        assertTrue(counted.coord() > 0 && counted.total() > parts.total());
    }

    @Test
    void perfectPredictionHasZeroLoss() {
        Image image = new Image()
                .box(0, 0, 0, 0.3, 0.6, 0.4, 0.2, 1.0)       // exact copy of the object
                .box(0, 0, 1, 0.9, 0.9, 0.0, 0.0, 0.0)       // degenerate, confidence 0
                .classes(0, 0, 0, 1, 0)
                .object(0, 0, 0.3, 0.6, 0.4, 0.2, 1);
        LossParts parts = loss(image);
        assertEquals(0.0, parts.total(), 1e-6);
        assertEquals(1, parts.objectCount());
        assertEquals(1.0, parts.meanIou(), 1e-6);
    }

    @Test
    void gradientIsFiniteWhenPredictedWidthIsZero() {
        Image image = background()
                .box(0, 0, 0, 0.5, 0.5, 0.0, 0.0, 0.5)  // zero width and height, responsible (tie at IoU 0)
                .box(0, 0, 1, 0.0, 0.0, 0.0, 0.3, 0.5)
                .object(0, 0, 0.5, 0.5, 0.25, 0.36, 0);
        NDArray prediction = predictions(image);
        prediction.setRequiresGradient(true);
        NDArray target = targets(image);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            LossResult result = new YoloLoss(LAYOUT).compute(prediction, target);
            collector.backward(result.total());
        }
        float[] grad = prediction.getGradient().toFloatArray();
        for (float g : grad) {
            assertTrue(Float.isFinite(g), "non-finite gradient");
        }
        // d/dw of 5 (sqrt(w + e) - sqrt(0.25 + e))^2 at w = 0: 5 (sqrt(e) - sqrt(0.25 + e)) / sqrt(e)
        double expected = 5 * (Math.sqrt(EPS) - Math.sqrt(0.25 + EPS)) / Math.sqrt(EPS);
        assertEquals(expected, grad[LAYOUT.boxOffset(0) + 2], Math.abs(expected) * 1e-3);
        // the class error of the object cell: 2 (p - t)
        assertEquals(2 * (0.2 - 1), grad[LAYOUT.classOffset()], 1e-5);
    }

    @Test
    void totalIsTheMeanOverTheBatch() {
        Image a = background().box(1, 1, 0, 0.5, 0.5, 0.3, 0.2, 0.6).classes(1, 1, 0.1, 0.8, 0.3)
                .object(1, 1, 0.4, 0.6, 0.35, 0.25, 1);
        Image b = background();
        double single = loss(a).total();
        close(single, loss(a, a).total(), "two identical images");
        close((single + loss(b).total()) / 2, loss(a, b).total(), "mean of two different images");
        LossParts pair = loss(a, a);
        assertEquals(2, pair.objectCount());
        close(2 * loss(a).iouSum(), pair.iouSum(), "iou sum is a sum, not a mean");
    }

    @Test
    void mismatchedShapesAreRejectedClearly() {
        YoloLoss loss = new YoloLoss(LAYOUT);
        NDArray prediction = manager.zeros(new Shape(1, S, S, LAYOUT.channels()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(prediction, manager.zeros(new Shape(1, S, S, 5))));
        assertTrue(e.getMessage().contains("target shape"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> loss.compute(manager.zeros(new Shape(1, 3, 3, 13)), manager.zeros(new Shape(1, 3, 3, 9))));
        assertThrows(IllegalArgumentException.class,
                () -> loss.compute(prediction, manager.zeros(new Shape(2, S, S, LAYOUT.targetChannels()))));
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> LossConfig.builder().lambdaCoord(-1).build());
        assertThrows(IllegalArgumentException.class, () -> LossConfig.builder().lambdaNoobj(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> LossConfig.builder().sqrtEpsilon(0).build());
        assertEquals(LossConfig.defaults(), LossConfig.defaults().toBuilder().build());
    }
}
