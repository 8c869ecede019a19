package io.jyolo.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * <p>Each term is computed by whole-tensor operations over all cells and all B boxes at once (the
 * boxes as an {@code N x S x S x B x 5} view), so the number of operations a batch launches does not
 * grow with B, and nothing is read back to the host: {@link LossResult} keeps the parts on the device.
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
     * @return the scalar loss to back-propagate and its parts, both still on the device (nothing is read)
     */
    public LossResult compute(NDArray prediction, NDArray target) {
        checkShapes(prediction, target);
        if (target.getDataType() != prediction.getDataType()) {
            target = target.toType(prediction.getDataType(), false);
        }
        long batch = prediction.getShape().get(0);
        int boxes = layout.boxesPerCell();
        float eps = (float) config.sqrtEpsilon();
        NDManager manager = prediction.getManager();

        // Cells N x S x S; boxes N x S x S x B x (x, y, w, h, conf); the truth broadcast over the B boxes.
        NDArray object = channel(target, OutputLayout.TARGET_OBJECT).gt(0.5f).toType(DataType.FLOAT32, false);
        NDArray objectCells = config.ignoreDifficult()
                ? object.mul(channel(target, layout.targetDifficultIndex()).lt(0.5f))
                : object;
        Shape cells = object.getShape();
        NDArray box = prediction.get(new NDIndex("..., :{}", layout.classOffset())).reshape(cells.add(boxes, 5));
        NDArray truth = target.get(new NDIndex("..., :4")).expandDims(3);
        NDArray truthXy = truth.get(new NDIndex("..., :2"));
        NDArray truthWh = truth.get(new NDIndex("..., 2:"));

        NDArray iou = sameCellIou(box.stopGradient(), truthXy, truthWh, layout.gridSize());
        // argMax returns the first maximum: on a tie the lowest box index is responsible. Compared with
        // 0..B-1 rather than through oneHot: libtorch's one_hot reads its indices' min and max back to
        // the host to check them, two device syncs per step (make bench's ops table found them).
        NDArray isBest = iou.argMax(-1).expandDims(-1)
                .eq(manager.arange(0, boxes, 1, DataType.INT64)).toType(DataType.FLOAT32, false);
        NDArray responsible = isBest.mul(objectCells.expandDims(-1));
        NDArray others = isBest.mul(object.expandDims(-1)).neg().add(1f);
        if (config.ignoreDifficult()) {
            others = others.mul(channel(target, layout.targetDifficultIndex()).lt(0.5f).expandDims(-1));
        }

        NDArray xy = box.get(new NDIndex("..., :2"));
        NDArray wh = box.get(new NDIndex("..., 2:4"));
        NDArray coordError = xy.sub(truthXy).square().sum(new int[] {-1})
                .add(wh.add(eps).sqrt().sub(truthWh.add(eps).sqrt()).square().sum(new int[] {-1}));
        NDArray confidence = box.get(new NDIndex("..., 4"));
        NDArray confidenceError = config.confidenceTarget() == ConfidenceTarget.IOU
                ? confidence.sub(iou).square() : confidence.sub(1f).square();

        int c = layout.classOffset();
        NDArray scores = prediction.get(new NDIndex("..., {}:", c));
        NDArray oneHot = target.get(new NDIndex("..., {}:{}", OutputLayout.TARGET_CLASS,
                OutputLayout.TARGET_CLASS + layout.classes()));
        NDArray classError = config.classLoss() == ClassLoss.CROSS_ENTROPY
                ? binaryCrossEntropy(scores, oneHot).sum(new int[] {-1})
                : scores.sub(oneHot).square().sum(new int[] {-1});

        // The four terms as one vector: summed over all cells, weighted, divided by the batch size.
        NDArray terms = NDArrays.stack(new NDList(coordError.mul(responsible).sum(),
                confidenceError.mul(responsible).sum(), confidence.square().mul(others).sum(),
                classError.mul(objectCells).sum()));
        float perImage = 1f / batch;
        NDArray weighted = terms.mul(manager.create(new float[] {(float) config.lambdaCoord() * perImage, perImage,
                (float) config.lambdaNoobj() * perImage, perImage}));
        NDArray total = weighted.sum();
        NDArray values = NDArrays.concat(new NDList(total.reshape(1), weighted.stopGradient(),
                iou.mul(responsible).sum().reshape(1), objectCells.sum().reshape(1)));
        return new LossResult(total, values.stopGradient());
    }

    /** Element-wise -(t log p + (1 - t) log(1 - p)), p clamped away from 0 and 1. */
    static NDArray binaryCrossEntropy(NDArray p, NDArray t) {
        NDArray clamped = p.clip(1e-7f, 1f - 1e-7f);
        NDArray positive = t.mul(clamped.log());
        NDArray negative = t.neg().add(1f).mul(clamped.neg().add(1f).log());
        return positive.add(negative).neg();
    }

    /**
     * IoU of each predicted box with the ground truth of its cell: centres in cell units, sizes as
     * image fractions, the last axis of {@code box} x, y, w, h (and more, ignored). The shared cell
     * offset cancels, so centres are used as x / S relative to the cell corner.
     *
     * @return {@code box}'s shape without its last axis
     */
    static NDArray sameCellIou(NDArray box, NDArray truthXy, NDArray truthWh, float gridSize) {
        NDArray centre = box.get(new NDIndex("..., :2")).div(gridSize);
        NDArray half = box.get(new NDIndex("..., 2:4")).div(2f);
        NDArray truthCentre = truthXy.div(gridSize);
        NDArray truthHalf = truthWh.div(2f);
        NDArray low = centre.sub(half).maximum(truthCentre.sub(truthHalf));
        NDArray high = centre.add(half).minimum(truthCentre.add(truthHalf));
        NDArray sides = high.sub(low).maximum(0f);
        NDArray intersection = sides.get(new NDIndex("..., 0")).mul(sides.get(new NDIndex("..., 1")));
        NDArray area = box.get(new NDIndex("..., 2")).mul(box.get(new NDIndex("..., 3")));
        NDArray truthArea = truthWh.get(new NDIndex("..., 0")).mul(truthWh.get(new NDIndex("..., 1")));
        NDArray union = area.add(truthArea).sub(intersection);
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
