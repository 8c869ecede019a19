package io.jyolo.weights;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import io.jyolo.model.BatchNorm;
import io.jyolo.model.YoloNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * The convolution units of a network's backbone in forward order (conv1, conv2, ...), each with
 * the parameters a darknet convolution fills: kernels, BatchNorm scale (gamma), shift (beta),
 * running mean and running variance. The head is left out: darknet backbones end before it.
 */
final class BackboneConvolutions {

    /**
     * One convolution unit.
     *
     * @param name {@code stage3/conv5}
     */
    record Unit(String name, Parameter kernel, Parameter gamma, Parameter beta, Parameter mean,
                Parameter variance) {

        /** The kernel shape, OIHW. */
        Shape kernelShape() {
            if (!kernel.isInitialized()) {
                throw new IllegalStateException("initialise the network before loading weights into it");
            }
            return kernel.getArray().getShape();
        }

        /** {@code 64x3x7x7}. */
        String kernelText() {
            return ParameterValues.shapeText(kernelShape());
        }
    }

    private BackboneConvolutions() {
    }

    static List<Unit> of(YoloNetwork network) {
        List<Unit> units = new ArrayList<>();
        for (YoloNetwork.Stage stage : network.stages()) {
            if (!stage.name().startsWith("stage")) {
                continue;
            }
            List<Block> layers = stage.block().getChildren().values();
            for (int i = 0; i < layers.size(); i++) {
                String layer = stage.layerNames().get(i);
                if (layer.startsWith("conv") && layers.get(i) instanceof SequentialBlock unit) {
                    units.add(unit(stage.name() + "/" + layer, unit));
                }
            }
        }
        return units;
    }

    private static Unit unit(String name, SequentialBlock block) {
        Conv2d conv = null;
        BatchNorm norm = null;
        for (Block child : block.getChildren().values()) {
            if (child instanceof Conv2d c) {
                conv = c;
            } else if (child instanceof BatchNorm b) {
                norm = b;
            }
        }
        if (conv == null || norm == null) {
            throw new IllegalStateException(name + " is not a convolution with BatchNorm");
        }
        return new Unit(name, parameter(conv, Parameter.Type.WEIGHT), parameter(norm, Parameter.Type.GAMMA),
                parameter(norm, Parameter.Type.BETA), parameter(norm, Parameter.Type.RUNNING_MEAN),
                parameter(norm, Parameter.Type.RUNNING_VAR));
    }

    private static Parameter parameter(Block block, Parameter.Type type) {
        return block.getDirectParameters().values().stream().filter(p -> p.getType() == type).findFirst()
                .orElseThrow(() -> new IllegalStateException(block + " has no " + type + " parameter"));
    }
}
