package io.jyolo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.jyolo.engine.Engines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parameter counts at 448 (S=7, B=2, C=20) against counts computed here by formula from the layer
 * tables (SEED.md for the original, the darknet yolov1-tiny reading for Fast YOLO), written out
 * independently of the network code.
 */
class ParameterCountTest {

    /** in, out, kernel of every backbone convolution of the paper's network (SEED.md table). */
    private static final int[][] ORIGINAL_CONVS = {
        {3, 64, 7}, {64, 192, 3},
        {192, 128, 1}, {128, 256, 3}, {256, 256, 1}, {256, 512, 3},
        {512, 256, 1}, {256, 512, 3}, {512, 256, 1}, {256, 512, 3},
        {512, 256, 1}, {256, 512, 3}, {512, 256, 1}, {256, 512, 3},
        {512, 512, 1}, {512, 1024, 3},
        {1024, 512, 1}, {512, 1024, 3}, {1024, 512, 1}, {512, 1024, 3},
        {1024, 1024, 3}, {1024, 1024, 3},
        {1024, 1024, 3}, {1024, 1024, 3},
    };

    private static final int[][] FAST_CONVS = {
        {3, 16, 3}, {16, 32, 3}, {32, 64, 3}, {64, 128, 3}, {128, 256, 3}, {256, 512, 3},
        {512, 1024, 3}, {1024, 256, 3},
    };

    @BeforeAll
    static void engine() {
        Engines.get();
    }

    /** Convolution without bias followed by BatchNorm (weight and bias per channel). */
    private static long convBn(int[] conv) {
        return (long) conv[0] * conv[1] * conv[2] * conv[2] + 2L * conv[1];
    }

    private static long linear(long in, long out) {
        return in * out + out;
    }

    private static long sum(int[][] convs) {
        long total = 0;
        for (int[] conv : convs) {
            total += convBn(conv);
        }
        return total;
    }

    private static long[] counts(ModelConfig config) {
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNetwork net = YoloNetworks.create(config).initialize(manager);
            return new long[] {ParameterCounts.learnable(net), ParameterCounts.learnable(net.stage("head").block())};
        }
    }

    /**
     * Builds {@code architecture} at 448 and checks its total against the backbone and head computed
     * here, its head against {@code head}, and the total against the published size.
     *
     * @return {total, head} as counted on the network
     */
    private static long[] assertCounts(Architecture architecture, int[][] backbone, long head,
                                       double millions, double tolerance) {
        long[] actual = counts(ModelConfig.builder().architecture(architecture).build());
        assertEquals(sum(backbone) + head, actual[0]);
        assertEquals(head, actual[1]);
        assertEquals(millions, actual[0], tolerance);
        System.out.printf("%s @448: %,d parameters (%,d in the head)%n", architecture, actual[0], actual[1]);
        return actual;
    }

    @Test
    void originalAt448() {
        assertEquals(24, ORIGINAL_CONVS.length);
        assertEquals(ModelConfig.paper(), ModelConfig.builder().architecture(Architecture.ORIGINAL).build());
        long head = linear(7 * 7 * 1024, 4096) + linear(4096, 7 * 7 * 30);
        long[] actual = assertCounts(Architecture.ORIGINAL, ORIGINAL_CONVS, head, 271.7e6, 0.05e6);
        assertEquals(211.5e6, actual[1], 0.1e6);
    }

    @Test
    void fullyConvolutionalAt448() {
        long head = convBn(new int[] {1024, 1024, 1}) + convBn(new int[] {1024, 256, 1}) + (256L * 30 + 30);
        assertCounts(Architecture.FULLY_CONVOLUTIONAL, ORIGINAL_CONVS, head, 61.5e6, 0.05e6);
    }

    @Test
    void fastAt448() {
        assertCounts(Architecture.FAST, FAST_CONVS, linear(7 * 7 * 256, 7 * 7 * 30), 27.1e6, 0.1e6);
    }

    @Test
    void fastConvolutionalAt448() {
        assertCounts(Architecture.FAST_CONVOLUTIONAL, FAST_CONVS, 256L * 30 + 30, 8.66e6, 0.05e6);
    }
}
