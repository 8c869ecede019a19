package io.jyolo.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torchvision's ResNet-18, -34 and -50 as YOLO v1 backbones, so training can start from the
 * ImageNet weights PyTorch users already have.
 *
 * <p>Stages: {@code stem} (7x7/2 convolution, BatchNorm, ReLU, 3x3/2 max-pool), {@code layer1} to
 * {@code layer4} (residual blocks, the last three starting with stride 2): stride 32, as
 * torchvision's classifier sees it. YOLO v1 needs stride 64, so a {@code reduce} stage adds the
 * paper's own closing pair, a 3x3/2 and a 3x3 convolution of 1024 filters (conv + BatchNorm +
 * LeakyReLU 0.1, as its conv22 to conv24), then the fully-convolutional head of
 * {@link Architecture#FULLY_CONVOLUTIONAL}: the grid is {@code inputSize / 64} at any multiple of
 * 64, and the parameter count does not depend on the input size.
 *
 * <p>{@link #torchvisionParameters} names every backbone parameter as torchvision's
 * {@code state_dict} does ({@code conv1.weight}, {@code bn1.running_mean},
 * {@code layer1.0.conv1.weight}, {@code layer2.0.downsample.0.weight}, ...).
 */
public final class ResNets {

    /** Filters of the {@code reduce} stage, the paper's width at the end of its backbone. */
    static final int REDUCE_FILTERS = 1024;

    private static final int[] PLANES = {64, 128, 256, 512};

    private ResNets() {
    }

    /** Whether {@code architecture} is one of the ResNets. */
    public static boolean isResNet(Architecture architecture) {
        return blocks(architecture) != null;
    }

    /** Blocks per layer (torchvision's {@code layers} argument), or null for a darknet-style network. */
    private static int[] blocks(Architecture architecture) {
        return switch (architecture) {
            case RESNET18 -> new int[] {2, 2, 2, 2};
            case RESNET34, RESNET50 -> new int[] {3, 4, 6, 3};
            default -> null;
        };
    }

    /** Adds {@code stem}, {@code layer1} ... {@code layer4} and {@code reduce} to {@code net}. */
    static void backbone(YoloNetwork net, Architecture architecture) {
        int[] blocks = blocks(architecture);
        if (blocks == null) {
            throw new IllegalArgumentException(architecture + " is not a ResNet");
        }
        boolean bottleneck = architecture == Architecture.RESNET50;
        net.addStage(stage("stem", List.of("conv1", "bn1", "relu", "maxpool"), Layers.conv(64, 7, 2, 3, false),
                Layers.batchNorm(), Activation.reluBlock(),
                Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1))));
        int channels = 64;
        for (int layer = 0; layer < PLANES.length; layer++) {
            List<String> names = new ArrayList<>();
            List<Block> layers = new ArrayList<>();
            for (int b = 0; b < blocks[layer]; b++) {
                int stride = b == 0 && layer > 0 ? 2 : 1;
                ResidualBlock block = bottleneck ? ResidualBlock.bottleneck(channels, PLANES[layer], stride)
                        : ResidualBlock.basic(channels, PLANES[layer], stride);
                channels = bottleneck ? 4 * PLANES[layer] : PLANES[layer];
                names.add(String.valueOf(b));
                layers.add(block);
            }
            net.addStage(stage("layer" + (layer + 1), names, layers.toArray(Block[]::new)));
        }
        net.addStage(stage("reduce", List.of("conv1", "conv2"), Layers.convUnit(REDUCE_FILTERS, 3, 2, 1),
                Layers.convUnit(REDUCE_FILTERS, 3, 1, 1)));
    }

    private static YoloNetwork.Stage stage(String name, List<String> names, Block... layers) {
        SequentialBlock block = new SequentialBlock();
        for (Block layer : layers) {
            block.add(layer);
        }
        return new YoloNetwork.Stage(name, block, names);
    }

    /**
     * The backbone's parameters (stem and layer1 to layer4, BatchNorm running statistics
     * included) by their names in torchvision's {@code state_dict}, in its order. The network must
     * be a ResNet; the {@code reduce} stage and the head have no torchvision counterpart.
     */
    public static Map<String, Parameter> torchvisionParameters(YoloNetwork network) {
        if (!isResNet(network.config().architecture())) {
            throw new IllegalArgumentException(network.config().architecture() + " has no torchvision layout");
        }
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        YoloNetwork.Stage stem = network.stage("stem");
        List<Block> stemLayers = stem.block().getChildren().values();
        add(parameters, "conv1", stemLayers.get(0));
        add(parameters, "bn1", stemLayers.get(1));
        for (int layer = 1; layer <= PLANES.length; layer++) {
            YoloNetwork.Stage stage = network.stage("layer" + layer);
            List<Block> blocks = stage.block().getChildren().values();
            for (int b = 0; b < blocks.size(); b++) {
                String prefix = "layer" + layer + "." + stage.layerNames().get(b) + ".";
                for (Map.Entry<String, Block> part : ((ResidualBlock) blocks.get(b)).torchvisionLayers().entrySet()) {
                    add(parameters, prefix + part.getKey(), part.getValue());
                }
            }
        }
        return parameters;
    }

    private static void add(Map<String, Parameter> into, String name, Block block) {
        if (block instanceof Conv2d) {
            into.put(name + ".weight", direct(block, Parameter.Type.WEIGHT));
        } else if (block instanceof BatchNorm) {
            into.put(name + ".weight", direct(block, Parameter.Type.GAMMA));
            into.put(name + ".bias", direct(block, Parameter.Type.BETA));
            into.put(name + ".running_mean", direct(block, Parameter.Type.RUNNING_MEAN));
            into.put(name + ".running_var", direct(block, Parameter.Type.RUNNING_VAR));
        } else {
            throw new IllegalStateException(name + " is neither a convolution nor a BatchNorm");
        }
    }

    private static Parameter direct(Block block, Parameter.Type type) {
        return block.getDirectParameters().values().stream().filter(p -> p.getType() == type).findFirst()
                .orElseThrow(() -> new IllegalStateException(block + " has no " + type));
    }
}
