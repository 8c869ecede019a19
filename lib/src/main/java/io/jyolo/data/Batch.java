package io.jyolo.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.jyolo.engine.HostArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.jyolo.model.OutputLayout;
import java.util.List;

/**
 * One batch of prepared samples as plain float arrays, so that loading never touches native
 * memory: the training loop turns it into NDArrays in its own (sub-)manager with
 * {@link #toNDList(NDManager)}, which closes them with the step.
 *
 * <p>{@code size()} may be smaller than the configured batch size: in the last batch of an epoch,
 * and when a bad sample was skipped. Arrays are not copied; treat them as read-only.
 *
 * @param epoch      the epoch this batch belongs to
 * @param images     {@code N x 3 x size x size} floats, CHW, RGB, in [-1, 1] (see {@link Preprocess})
 * @param targets    {@code N x S x S x targetChannels} floats (see {@link TargetEncoder})
 * @param ids        sample ids, in batch order
 * @param geometries original-to-input geometry of each sample, before augmentation
 * @param boxes      each sample's objects in input pixels after augmentation (difficult ones included)
 * @param inputSize  side of the square input
 * @param layout     target layout
 */
public record Batch(int epoch, float[] images, float[] targets, List<String> ids, List<Resize> geometries,
                    List<List<InputBox>> boxes, int inputSize, OutputLayout layout) {

    public Batch {
        ids = List.copyOf(ids);
        geometries = List.copyOf(geometries);
        boxes = boxes.stream().map(List::copyOf).toList();
        int n = ids.size();
        if (images.length != n * Preprocess.floatsPerImage(inputSize)) {
            throw new IllegalArgumentException("images hold " + images.length + " floats, expected " + n
                    + " x " + Preprocess.floatsPerImage(inputSize));
        }
        int s = layout.gridSize();
        if (targets.length != n * s * s * layout.targetChannels()) {
            throw new IllegalArgumentException("targets hold " + targets.length + " floats, expected " + n
                    + " x " + s * s * layout.targetChannels());
        }
    }

    /** Number of samples. */
    public int size() {
        return ids.size();
    }

    /** {@code (N, 3, size, size)}. */
    public Shape imageShape() {
        return new Shape(size(), 3, inputSize, inputSize);
    }

    /** {@code (N, S, S, targetChannels)}. */
    public Shape targetShape() {
        int s = layout.gridSize();
        return new Shape(size(), s, s, layout.targetChannels());
    }

    /** {@code [images, targets]} as float32 NDArrays owned by {@code manager}. */
    public NDList toNDList(NDManager manager) {
        NDArray x = HostArrays.floats(manager, images, imageShape());
        NDArray y = HostArrays.floats(manager, targets, targetShape());
        return new NDList(x, y);
    }

    /**
     * Samples {@code from} (inclusive) to {@code to} (exclusive) as a batch of their own: one replica's share
     * in data-parallel training. The arrays are copied.
     */
    public Batch slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("slice " + from + ".." + to + " of a batch of " + size());
        }
        int image = Preprocess.floatsPerImage(inputSize);
        int target = layout.gridSize() * layout.gridSize() * layout.targetChannels();
        return new Batch(epoch, java.util.Arrays.copyOfRange(images, from * image, to * image),
                java.util.Arrays.copyOfRange(targets, from * target, to * target), ids.subList(from, to),
                geometries.subList(from, to), boxes.subList(from, to), inputSize, layout);
    }
}
