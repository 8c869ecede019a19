package io.jyolo.weights;

import io.jyolo.model.Architecture;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The darknet networks whose {@code .weights} files load into a jyolo backbone, each with the
 * convolutions that are loaded, written out from the network's public {@code .cfg} (pjreddie's
 * darknet repository). A {@code .weights} file holds no shapes, so these tables are what every
 * shape is checked against.
 *
 * <p>Which convolutions match which jyolo network:
 * <ul>
 * <li>{@link Architecture#ORIGINAL} and {@link Architecture#FULLY_CONVOLUTIONAL}: their conv1 to
 *     conv20 are the Extraction network's 20 convolutions ({@link #EXTRACTION}, the paper's
 *     ImageNet-pretrained backbone, {@code extraction.conv.weights}); all 24 are
 *     {@code yolov1.cfg}'s ({@link #YOLOV1}).
 * <li>{@link Architecture#FAST} and {@link Architecture#FAST_CONVOLUTIONAL}: their conv1 to conv7
 *     (16 ... 1024 filters, 3x3) are the darknet reference network's first seven convolutions
 *     ({@link #DARKNET_REFERENCE}, {@code darknet.weights}); the reference network's eighth, the
 *     1000-class 1x1 classifier, does not match jyolo's conv8 (256 filters, 3x3) and is left unread.
 *     All eight are {@code yolov1-tiny.cfg}'s ({@link #YOLOV1_TINY}).
 * </ul>
 */
public enum DarknetBackbone {
    /**
     * {@code extraction.cfg}'s first 20 convolutions, as {@code extraction.conv.weights} holds
     * them. That cfg has no {@code batch_normalize}, so each convolution is stored as biases and
     * kernels; the loader puts the bias into BatchNorm's beta with an identity normalisation. A
     * file whose size fits these convolutions with BatchNorm values instead is read that way.
     */
    EXTRACTION(extraction(false)),
    /** {@code yolov1.cfg}'s 24 convolutions, all with BatchNorm ({@code yolov1.weights}). */
    YOLOV1(yolov1()),
    /**
     * {@code darknet.cfg}'s (the darknet reference network) first seven convolutions, with
     * BatchNorm. The full {@code darknet.weights} then holds the 1000-class 1x1 convolution, which
     * is reported as unused trailing data.
     */
    DARKNET_REFERENCE(tiny(false)),
    /** {@code yolov1-tiny.cfg}'s eight convolutions, with BatchNorm. */
    YOLOV1_TINY(tiny(true));

    private final List<DarknetConv> convolutions;

    DarknetBackbone(List<DarknetConv> convolutions) {
        this.convolutions = List.copyOf(convolutions);
    }

    /** The convolutions loaded, in file order. */
    public List<DarknetConv> convolutions() {
        return convolutions;
    }

    /** Floats the convolutions take in the file (after the header). */
    public long floats() {
        return convolutions.stream().mapToLong(DarknetConv::floats).sum();
    }

    /** {@code extraction}, {@code darknet-reference}: the name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The backbone whose ImageNet weights suit a network: Extraction or the reference network. */
    public static DarknetBackbone imageNetFor(Architecture architecture) {
        return switch (architecture) {
            case ORIGINAL, FULLY_CONVOLUTIONAL -> EXTRACTION;
            case FAST, FAST_CONVOLUTIONAL -> DARKNET_REFERENCE;
            case RESNET18, RESNET34, RESNET50 -> throw new IllegalArgumentException(architecture
                    + " has no darknet backbone: its ImageNet weights come from torchvision (TorchvisionWeights)");
        };
    }

    /**
     * The backbone a file of {@code floats} floats (after its header) is for, among those that fit
     * {@code architecture}: the whole YOLO v1 network's when the file is large enough to hold it
     * ({@code yolov1.weights}, {@code yolov1-tiny.weights}), else the ImageNet one's
     * ({@code extraction.conv.weights}, {@code darknet.weights}), which then reports what it lacks.
     */
    public static DarknetBackbone forFile(Architecture architecture, long floats) {
        DarknetBackbone imageNet = imageNetFor(architecture);
        DarknetBackbone whole = imageNet == EXTRACTION ? YOLOV1 : YOLOV1_TINY;
        return floats >= whole.floats() ? whole : imageNet;
    }

    /** The Extraction network's first 20 convolutions (YOLO v1's conv1 ... conv20). */
    private static List<DarknetConv> extraction(boolean batchNorm) {
        Chain chain = new Chain(batchNorm);
        chain.conv(64, 7).conv(192, 3).conv(128, 1).conv(256, 3).conv(256, 1).conv(512, 3);
        for (int i = 0; i < 4; i++) {
            chain.conv(256, 1).conv(512, 3);
        }
        chain.conv(512, 1).conv(1024, 3);
        for (int i = 0; i < 2; i++) {
            chain.conv(512, 1).conv(1024, 3);
        }
        return chain.convolutions;
    }

    private static List<DarknetConv> yolov1() {
        List<DarknetConv> all = new ArrayList<>(extraction(true));
        for (int i = 0; i < 4; i++) {
            all.add(new DarknetConv(1024, 1024, 3, true));
        }
        return all;
    }

    /** 3x3 convolutions of 16 ... 1024 filters, and 256 more for yolov1-tiny. */
    private static List<DarknetConv> tiny(boolean withLast) {
        Chain chain = new Chain(true);
        for (int filters = 16; filters <= 1024; filters *= 2) {
            chain.conv(filters, 3);
        }
        if (withLast) {
            chain.conv(256, 3);
        }
        return chain.convolutions;
    }

    /** Convolutions in sequence: each takes the previous one's filters as its channels. */
    private static final class Chain {
        private final boolean batchNorm;
        private final List<DarknetConv> convolutions = new ArrayList<>();
        private int channels = 3;

        Chain(boolean batchNorm) {
            this.batchNorm = batchNorm;
        }

        Chain conv(int filters, int size) {
            convolutions.add(new DarknetConv(filters, channels, size, batchNorm));
            channels = filters;
            return this;
        }
    }
}
