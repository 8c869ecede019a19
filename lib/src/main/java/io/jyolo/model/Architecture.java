package io.jyolo.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which YOLO v1 network to build. All three share the network stride of 64 (input 448 gives a
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
    FAST_CONVOLUTIONAL("fast-conv");

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
     * case, with {@code -} and {@code _} alike. One parser, so that every front end (the
     * {@code jyolo} options, the benchmark workers) accepts the same names.
     *
     * @throws IllegalArgumentException one line listing the accepted names
     */
    public static Architecture parse(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Architecture a : values()) {
            if (key.equals(a.shortName) || key.equals(a.name().toLowerCase(Locale.ROOT).replace('_', '-'))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown network '" + name + "': use one of " + names());
    }

    /** The short names, comma-separated, for help and error texts. */
    public static String names() {
        return Arrays.stream(values()).map(Architecture::shortName).collect(Collectors.joining(", "));
    }
}
