package io.jyolo.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which YOLO v1 network to build. All of them share the network stride of 64 (input 448 gives a
 * 7 x 7 grid) and the output layout of {@link OutputLayout}, so loss, target encoding and decoding
 * do not care which one was trained.
 */
public enum Architecture {
    /**
     * The paper's network: 24 convolutions (each conv + BatchNorm + LeakyReLU 0.1) and a
     * fully-connected head (flatten in H, W, C order, dropout, 4096 units, S*S*(5B+C) outputs).
     * About 271.7 M parameters at 448, 211.5 M of them in the head.
     */
    ORIGINAL("original"),
    /**
     * Same backbone, head of 1x1 convolutions (1024, 256, then 5B+C channels) so every output cell
     * keeps its spatial correspondence. About 61.5 M parameters, independent of the input size.
     */
    FULLY_CONVOLUTIONAL("fcn"),
    /**
     * Fast YOLO: the darknet "yolov1-tiny" reading of the paper's fast model, eight 3x3
     * convolutions (16, 32, 64, 128, 256, 512 each followed by a 2x2 max-pool, then 1024 and 256)
     * and one fully-connected layer to S*S*(5B+C). About 27.1 M parameters and 3.2 GFLOPs at 448,
     * the figures the paper's fast model is known by; cheap enough to train on a CPU.
     */
    FAST("fast"),
    /**
     * Fast YOLO's backbone with a 1x1 convolution (with bias) to 5B+C channels instead of the
     * fully-connected layer: every cell is predicted by the same shared weights from its own
     * position, so each image teaches every cell's weights at once instead of one cell's
     * private slice of a fully-connected layer. About 8.7 M parameters
     * at any input size.
     */
    FAST_CONVOLUTIONAL("fast-conv"),
    /**
     * torchvision's ResNet-18 (BasicBlocks 2, 2, 2, 2) as the backbone, then a stride-2 stage and
     * the fully-convolutional head ({@link ResNets}); parameters named as in torchvision, so
     * ImageNet weights load from its {@code state_dict}. About 26.7 M parameters at any input size
     * (B=2, C=20): 11.2 M backbone, 14.2 M in the stride-2 stage, 1.3 M head.
     */
    RESNET18("resnet18"),
    /**
     * torchvision's ResNet-34 (BasicBlocks 3, 4, 6, 3), otherwise as {@link #RESNET18}. About
     * 36.8 M parameters (21.3 M backbone).
     */
    RESNET34("resnet34"),
    /**
     * torchvision's ResNet-50 (Bottlenecks 3, 4, 6, 3, stride on the 3x3 convolution as in
     * torchvision's "v1.5"), otherwise as {@link #RESNET18}. About 53.1 M parameters (23.5 M
     * backbone, 28.3 M in the stride-2 stage, which starts from 2048 channels).
     */
    RESNET50("resnet50");

    private final String shortName;

    Architecture(String shortName) {
        this.shortName = shortName;
    }

    /**
     * The name the command line and the benchmarks use: {@code fast}, {@code fast-conv},
     * {@code original}, {@code fcn}.
     */
    public String shortName() {
        return shortName;
    }

    /**
     * The architecture {@code name} names: its {@link #shortName()} or its constant name, in any
     * case, with or without {@code -} and {@code _}. One parser, so that every front end (the
     * {@code jyolo} options, the benchmark workers) accepts the same names.
     *
     * @throws IllegalArgumentException one line listing the accepted names
     */
    public static Architecture parse(String name) {
        String key = bare(name == null ? "" : name);
        for (Architecture a : values()) {
            if (key.equals(bare(a.shortName)) || key.equals(bare(a.name()))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown network '" + name + "': use one of " + names());
    }

    /** Lower case without separators: {@code ResNet-18}, {@code resnet_18} and {@code resnet18} are one name. */
    private static String bare(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** The short names, comma-separated, for help and error texts. */
    public static String names() {
        return Arrays.stream(values()).map(Architecture::shortName).collect(Collectors.joining(", "));
    }
}
