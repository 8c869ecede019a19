package io.jyolo.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.jyolo.model.OutputLayout;
import java.util.Objects;

/**
 * The YOLO v1 sum-squared-error loss, vectorised over batch and grid, with the PyTorch original's flaws
 * fixed.
 *
 * <p>For every cell (row i, column j) of every image, with the target's objectness {@code obj},
 * "counted" {@code k} (0 for a cell flagged difficult when {@link LossConfig#ignoreDifficult()},
 * else 1) and predictor {@code b}:
 * <ul>
 *   <li><b>Responsible predictor</b>: in a cell with an object, the predictor whose box has the
 *       highest IoU with the ground-truth box; on a tie the lowest box index wins (so with two
 *       boxes and no overlap at all, box 0 is responsible). IoU uses detached predictions.</li>
 *   <li><b>coord</b> = lambdaCoord x sum over responsible boxes of (x - x')^2 + (y - y')^2
 *       + (sqrt(w + e) - sqrt(w' + e))^2 + (sqrt(h + e) - sqrt(h' + e))^2, e = 1e-8 keeping the
 *       gradient finite at w = 0.</li>
 *   <li><b>objectConfidence</b> = sum over responsible boxes of (conf - t)^2, t = that box's IoU
 *       (detached) or 1 ({@link ConfidenceTarget}).</li>
 *   <li><b>noObjectConfidence</b> = lambdaNoobj x sum of conf^2 over every other box: the
 *       non-responsible boxes of object cells and all B boxes of empty cells.</li>
 *   <li><b>classes</b> = sum over object cells of the squared error of the C class scores against
 *       the one-hot target ({@link ClassLoss#SQUARED_ERROR}), or of their binary cross-entropy
 *       ({@link ClassLoss#CROSS_ENTROPY}).</li>
 *   <li>A cell flagged difficult contributes nothing at all (no coordinate, confidence, class or
 *       no-object term): the detector is neither rewarded nor punished for finding it.</li>
 * </ul>
 * The total is the sum of the four terms over all cells divided by the batch size N, so the
 * effective learning rate does not change with the batch size; the reported parts are the same
 * arrays that make up the total. A batch without objects is fine (no division by the object
 * count anywhere).
 *
 * <p>Predictions must already be activated (x, y, w, h, confidence in 0..1), as the networks of
 * {@code io.jyolo.model} output them; targets are {@code N x S x S x layout.targetChannels()}.
 */
public final class YoloLoss {

    private final OutputLayout layout;
    private final LossConfig config;

    public YoloLoss(OutputLayout layout, LossConfig config) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The loss with {@link LossConfig#defaults()}. */
    public YoloLoss(OutputLayout layout) {
        this(layout, LossConfig.defaults());
    }

    public OutputLayout layout() {
        return layout;
    }

    public LossConfig config() {
        return config;
    }

    /**
     * Loss of a batch.
     *
     * @param prediction {@code N x S x S x (5B+C)}, activated network output (attached to the graph)
     * @param target {@code N x S x S x (5 + C + 1)}: x, y (cell offsets), w, h (image fractions),
     *     objectness, C one-hot, difficult flag
     * @return the scalar loss to back-propagate and its parts as numbers
     */
    public LossResult compute(NDArray prediction, NDArray target) {
        checkShapes(prediction, target);
        if (target.getDataType() != prediction.getDataType()) {
            target = target.toType(prediction.getDataType(), false);
        }
        long batch = prediction.getShape().get(0);
        float eps = (float) config.sqrtEpsilon();
        float gridSize = layout.gridSize();

        NDArray object = channel(target, OutputLayout.TARGET_OBJECT).gt(0.5f).toType(DataType.FLOAT32, false);
        NDArray counted = config.ignoreDifficult()
                ? channel(target, layout.targetDifficultIndex()).lt(0.5f).toType(DataType.FLOAT32, false)
                : object.onesLike();
        NDArray objectCells = object.mul(counted);
        NDArray tx = channel(target, 0);
        NDArray ty = channel(target, 1);
        NDArray tw = channel(target, 2);
        NDArray th = channel(target, 3);
        NDArray sqrtTw = tw.add(eps).sqrt();
        NDArray sqrtTh = th.add(eps).sqrt();

        int boxes = layout.boxesPerCell();
        NDArray detached = prediction.stopGradient();
        NDArray[] ious = new NDArray[boxes];
        for (int b = 0; b < boxes; b++) {
            int o = layout.boxOffset(b);
            ious[b] = sameCellIou(channel(detached, o), channel(detached, o + 1), channel(detached, o + 2),
                    channel(detached, o + 3), tx, ty, tw, th, gridSize);
        }
        // Strictly greater replaces the best so far: ties keep the lower box index.
        NDArray bestIou = ious[0];
        NDArray best = bestIou.zerosLike();
        for (int b = 1; b < boxes; b++) {
            NDArray better = ious[b].gt(bestIou).toType(DataType.FLOAT32, false);
            best = best.add(better.mul(best.neg().add(b)));
            bestIou = bestIou.maximum(ious[b]);
        }

        NDArray coord = prediction.getManager().zeros(new Shape(), DataType.FLOAT32);
        NDArray objectConfidence = coord;
        NDArray noObjectConfidence = coord;
        NDArray iouSum = coord;
        for (int b = 0; b < boxes; b++) {
            int o = layout.boxOffset(b);
            NDArray isBest = best.eq((float) b).toType(DataType.FLOAT32, false);
            NDArray responsible = isBest.mul(objectCells);
            NDArray others = counted.mul(isBest.mul(object).neg().add(1f));

            NDArray coordError = channel(prediction, o).sub(tx).square()
                    .add(channel(prediction, o + 1).sub(ty).square())
                    .add(channel(prediction, o + 2).add(eps).sqrt().sub(sqrtTw).square())
                    .add(channel(prediction, o + 3).add(eps).sqrt().sub(sqrtTh).square());
            coord = coord.add(coordError.mul(responsible).sum());

            NDArray confidence = channel(prediction, layout.confidenceIndex(b));
            NDArray confidenceTarget = config.confidenceTarget() == ConfidenceTarget.IOU
                    ? ious[b] : confidence.onesLike();
            objectConfidence = objectConfidence.add(confidence.sub(confidenceTarget).square().mul(responsible).sum());
            noObjectConfidence = noObjectConfidence.add(confidence.square().mul(others).sum());
            iouSum = iouSum.add(ious[b].mul(responsible).sum());
        }
        int c = layout.classOffset();
        NDArray scores = prediction.get(new NDIndex("..., {}:{}", c, c + layout.classes()));
        NDArray oneHot = target.get(new NDIndex("..., {}:{}", OutputLayout.TARGET_CLASS,
                OutputLayout.TARGET_CLASS + layout.classes()));
        NDArray classError = config.classLoss() == ClassLoss.CROSS_ENTROPY
                ? binaryCrossEntropy(scores, oneHot).sum(new int[] {-1})
                : scores.sub(oneHot).square().sum(new int[] {-1});
        NDArray classes = classError.mul(objectCells).sum();

        float perImage = 1f / batch;
        coord = coord.mul((float) config.lambdaCoord() * perImage);
        objectConfidence = objectConfidence.mul(perImage);
        noObjectConfidence = noObjectConfidence.mul((float) config.lambdaNoobj() * perImage);
        classes = classes.mul(perImage);
        NDArray total = coord.add(objectConfidence).add(noObjectConfidence).add(classes);

        LossParts parts = new LossParts(total.getFloat(), coord.getFloat(), objectConfidence.getFloat(),
                noObjectConfidence.getFloat(), classes.getFloat(), iouSum.getFloat(),
                Math.round(objectCells.sum().getFloat()));
        return new LossResult(total, parts);
    }

    /** Element-wise -(t log p + (1 - t) log(1 - p)), p clamped away from 0 and 1. */
    static NDArray binaryCrossEntropy(NDArray p, NDArray t) {
        NDArray clamped = p.clip(1e-7f, 1f - 1e-7f);
        NDArray positive = t.mul(clamped.log());
        NDArray negative = t.neg().add(1f).mul(clamped.neg().add(1f).log());
        return positive.add(negative).neg();
    }

    /**
     * IoU of two boxes in the same cell: centres in cell units, sizes as image fractions. The shared
     * cell offset cancels, so centres are used as x / S relative to the cell corner.
     */
    static NDArray sameCellIou(NDArray px, NDArray py, NDArray pw, NDArray ph,
                               NDArray tx, NDArray ty, NDArray tw, NDArray th, float gridSize) {
        NDArray pcx = px.div(gridSize);
        NDArray pcy = py.div(gridSize);
        NDArray tcx = tx.div(gridSize);
        NDArray tcy = ty.div(gridSize);
        NDArray left = pcx.sub(pw.div(2f)).maximum(tcx.sub(tw.div(2f)));
        NDArray right = pcx.add(pw.div(2f)).minimum(tcx.add(tw.div(2f)));
        NDArray top = pcy.sub(ph.div(2f)).maximum(tcy.sub(th.div(2f)));
        NDArray bottom = pcy.add(ph.div(2f)).minimum(tcy.add(th.div(2f)));
        NDArray intersection = right.sub(left).maximum(0f).mul(bottom.sub(top).maximum(0f));
        NDArray union = pw.mul(ph).add(tw.mul(th)).sub(intersection);
        return intersection.div(union.maximum(1e-12f));
    }

    private static NDArray channel(NDArray array, int index) {
        return array.get(new NDIndex("..., {}", index));
    }

    private void checkShapes(NDArray prediction, NDArray target) {
        Shape p = prediction.getShape();
        Shape t = target.getShape();
        int s = layout.gridSize();
        if (p.dimension() != 4 || p.get(1) != s || p.get(2) != s || p.get(3) != layout.channels()) {
            throw new IllegalArgumentException("prediction shape " + p + " does not match the layout " + layout
                    + ": expected N x " + s + " x " + s + " x " + layout.channels());
        }
        if (t.dimension() != 4 || t.get(1) != s || t.get(2) != s || t.get(3) != layout.targetChannels()) {
            throw new IllegalArgumentException("target shape " + t + " does not match the layout " + layout
                    + ": expected N x " + s + " x " + s + " x " + layout.targetChannels());
        }
        if (p.get(0) != t.get(0)) {
            throw new IllegalArgumentException("prediction batch " + p.get(0) + " != target batch " + t.get(0));
        }
        if (p.get(0) == 0) {
            throw new IllegalArgumentException("empty batch");
        }
    }
}
