package io.jyolo.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the YOLO v1 networks from a {@link ModelConfig}. The layer tables live here and nowhere
 * else; see {@link Architecture} for what each one is and why.
 *
 * <p>Typical use: {@code YoloNetwork net = YoloNetworks.create(config); net.initialize(manager);}
 * then {@code net.forward(parameterStore, new NDList(images), training)} returns one
 * {@code N x S x S x (5B+C)} array already passed through the configured
 * {@link OutputActivation}.
 */
public final class YoloNetworks {

    /** Hidden units of the PyTorch original's fully-connected head. */
    public static final int ORIGINAL_HIDDEN_UNITS = 4096;

    private YoloNetworks() {
    }

    /** A new, uninitialised network. */
    public static YoloNetwork create(ModelConfig config) {
        YoloNetwork net = new YoloNetwork(config);
        Counter counter = new Counter();
        if (!config.inputNormalization().isPreprocessingScale()) {
            net.addStage(new StageBuilder("input").add("normalize", config.inputNormalization().block()).build());
        }
        switch (config.architecture()) {
            case ORIGINAL -> {
                originalBackbone(net, counter);
                net.addStage(fullyConnectedHead(config, ORIGINAL_HIDDEN_UNITS));
            }
            case FULLY_CONVOLUTIONAL -> {
                originalBackbone(net, counter);
                net.addStage(convolutionalHead(config));
            }
            case FAST -> {
                fastBackbone(net, counter);
                net.addStage(fullyConnectedHead(config, 0));
            }
            case FAST_CONVOLUTIONAL -> {
                fastBackbone(net, counter);
                net.addStage(new StageBuilder("head")
                        .add("predict", Layers.conv(config.layout().channels(), 1, 1, 0, true))
                        .add("channelsLast", Layers.channelsLast())
                        .build());
            }
            case RESNET18, RESNET34, RESNET50 -> {
                ResNets.backbone(net, config.architecture());
                net.addStage(convolutionalHead(config));
            }
            default -> throw new IllegalArgumentException("unknown architecture " + config.architecture());
        }
        net.addStage(new StageBuilder("output")
                .add("activation", Layers.outputActivation(config.outputActivation(), config.layout()))
                .build());
        return net;
    }

    /** The 24-convolution backbone of the paper (SEED.md table), 1024 x S x S out. */
    private static void originalBackbone(YoloNetwork net, Counter n) {
        net.addStage(new StageBuilder("stage1").conv(n, 64, 7, 2, 3).pool(n).build());
        net.addStage(new StageBuilder("stage2").conv(n, 192, 3, 1, 1).pool(n).build());
        net.addStage(new StageBuilder("stage3")
                .conv(n, 128, 1, 1, 0).conv(n, 256, 3, 1, 1).conv(n, 256, 1, 1, 0).conv(n, 512, 3, 1, 1)
                .pool(n).build());
        StageBuilder stage4 = new StageBuilder("stage4");
        for (int i = 0; i < 4; i++) {
            stage4.conv(n, 256, 1, 1, 0).conv(n, 512, 3, 1, 1);
        }
        net.addStage(stage4.conv(n, 512, 1, 1, 0).conv(n, 1024, 3, 1, 1).pool(n).build());
        StageBuilder stage5 = new StageBuilder("stage5");
        for (int i = 0; i < 2; i++) {
            stage5.conv(n, 512, 1, 1, 0).conv(n, 1024, 3, 1, 1);
        }
        net.addStage(stage5.conv(n, 1024, 3, 1, 1).conv(n, 1024, 3, 2, 1).build());
        net.addStage(new StageBuilder("stage6").conv(n, 1024, 3, 1, 1).conv(n, 1024, 3, 1, 1).build());
    }

    /**
     * Fast YOLO backbone: 3x3 convolutions of 16 ... 512 filters, each followed by a 2x2 max-pool
     * (six pools: stride 64), then 1024 and 256 filters at the grid resolution; 256 x S x S out.
     */
    private static void fastBackbone(YoloNetwork net, Counter n) {
        int filters = 16;
        for (int i = 1; i <= 6; i++) {
            net.addStage(new StageBuilder("stage" + i).conv(n, filters, 3, 1, 1).pool(n).build());
            filters *= 2;
        }
        net.addStage(new StageBuilder("stage7").conv(n, 1024, 3, 1, 1).conv(n, 256, 3, 1, 1).build());
    }

    /**
     * Flatten (H, W, C order), dropout, [Linear hidden, LeakyReLU,] Linear S*S*(5B+C), reshape to
     * the grid. {@code hidden == 0} means a single Linear layer (Fast YOLO).
     */
    private static YoloNetwork.Stage fullyConnectedHead(ModelConfig config, int hidden) {
        OutputLayout layout = config.layout();
        StageBuilder head = new StageBuilder("head").add("flatten", Layers.flattenHwc());
        if (config.dropout() > 0f) {
            head.add("dropout", Layers.dropout(config.dropout()));
        }
        if (hidden > 0) {
            head.add("fc1", Layers.linear(hidden)).add("leaky", Layers.leakyRelu());
        }
        long outputs = (long) layout.gridSize() * layout.gridSize() * layout.channels();
        return head.add(hidden > 0 ? "fc2" : "fc", Layers.linear(outputs))
                .add("toGrid", Layers.toGrid(layout))
                .build();
    }

    /**
     * 1x1 convolutions 1024 -> 1024 -> 256 (conv + BatchNorm + LeakyReLU each) -> 5B+C (plain
     * convolution with bias), then channels last. The widths are our reading of the original's
     * "1x1 convolutions down to 5B+C channels": they reproduce its 61.5 M parameter total.
     */
    private static YoloNetwork.Stage convolutionalHead(ModelConfig config) {
        return new StageBuilder("head")
                .add("conv1x1a", Layers.convUnit(1024, 1, 1, 0))
                .add("conv1x1b", Layers.convUnit(256, 1, 1, 0))
                .add("predict", Layers.conv(config.layout().channels(), 1, 1, 0, true))
                .add("channelsLast", Layers.channelsLast())
                .build();
    }

    /** Numbers convolutions and pools across the whole backbone (conv1 ... conv24). */
    private static final class Counter {
        private int convs;
        private int pools;
    }

    private static final class StageBuilder {
        private final String name;
        private final SequentialBlock block = new SequentialBlock();
        private final List<String> names = new ArrayList<>();

        StageBuilder(String name) {
            this.name = name;
        }

        StageBuilder add(String layerName, Block layer) {
            block.add(layer);
            names.add(layerName);
            return this;
        }

        StageBuilder conv(Counter counter, int filters, int kernel, int stride, int padding) {
            return add("conv" + ++counter.convs, Layers.convUnit(filters, kernel, stride, padding));
        }

        StageBuilder pool(Counter counter) {
            return add("pool" + ++counter.pools, Layers.maxPool());
        }

        YoloNetwork.Stage build() {
            return new YoloNetwork.Stage(name, block, names);
        }
    }
}
