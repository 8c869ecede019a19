package io.jyolo.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;

/**
 * Counts the floating-point operations of one forward pass analytically: for every convolution
 * and linear layer, 2 x multiply-adds (weight elements x output positions), with the shapes
 * propagated through the block tree. Normalisation, activations and pooling are left out, the
 * usual convention (they are a few percent and memory-bound).
 */
final class NetworkFlops {

    private long flops;

    private NetworkFlops() {
    }

    /** FLOPs of one forward pass of {@code block} (initialised) on input {@code input}. */
    static long forward(Block block, Shape input) {
        NetworkFlops counter = new NetworkFlops();
        counter.visit(block, new Shape[] {input});
        return counter.flops;
    }

    private Shape[] visit(Block block, Shape[] in) {
        if (block instanceof SequentialBlock seq) {
            Shape[] shapes = in;
            for (Block child : seq.getChildren().values()) {
                shapes = visit(child, shapes);
            }
            return shapes;
        }
        Shape[] out = block.getOutputShapes(in);
        if (block instanceof Convolution || block instanceof Linear) {
            Parameter weight = block.getParameters().get("weight");
            long weights = weight.getArray().getShape().size();
            long positions = out[0].size() / out[0].get(block instanceof Linear ? out[0].dimension() - 1 : 1);
            flops += 2 * weights * positions;
        }
        return out;
    }
}
