package io.jyolo.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Counts learnable parameters the way PyTorch's {@code sum(p.numel() for p in model.parameters())}
 * does, so numbers compare with the PyTorch original's (BatchNorm running mean and variance are buffers
 * there, not parameters, and are left out here too). The block must be initialised.
 */
public final class ParameterCounts {

    private ParameterCounts() {
    }

    /** Learnable parameters of {@code block} and its children. */
    public static long learnable(Block block) {
        long total = 0;
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            Parameter.Type type = parameter.getType();
            if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
                continue;
            }
            if (parameter.getShape() == null) {
                throw new IllegalStateException("parameter " + pair.getKey()
                        + " has no shape yet: initialise the network before counting");
            }
            total += parameter.getShape().size();
        }
        return total;
    }
}
