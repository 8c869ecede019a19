package io.jyolo.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void defaultEdgesAreTensorFlowsExponentialLayout() {
        double[] edges = Histogram.defaultBucketLimits();
        // 774 positive edges 1e-12 * 1.1^k below 1e20, plus DBL_MAX, mirrored, plus 0
        int positives = (int) Math.ceil(Math.log(1e32) / Math.log(1.1));
        assertEquals(2 * (positives + 1) + 1, edges.length);
        assertEquals(1551, edges.length);
        int zero = edges.length / 2;
        assertEquals(0.0, edges[zero]);
        assertEquals(1e-12, edges[zero + 1]);
        assertEquals(1.1e-12, edges[zero + 2], 1e-27);
        assertEquals(Double.MAX_VALUE, edges[edges.length - 1]);
        assertEquals(-Double.MAX_VALUE, edges[0]);
        assertTrue(edges[edges.length - 2] < 1e20 && edges[edges.length - 2] * 1.1 >= 1e20);
        for (int i = 1; i < edges.length; i++) {
            assertTrue(edges[i - 1] < edges[i], "edges increase at " + i);
            assertTrue(-edges[i] == edges[edges.length - 1 - i], "edges mirror at " + i);
        }
    }

    @Test
    void everyValueLandsInTheBucketWhoseEdgesEncloseIt() {
        Random random = new Random(7);
        double[] values = new double[5000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * Math.pow(10, random.nextInt(9) - 6);
        }
        values[0] = 0.0;
        values[1] = -0.0;
        values[2] = 1e-12; // exactly on an edge: belongs to the bucket starting there
        values[3] = -1e-12;
        values[4] = 3e25; // beyond 1e20: the DBL_MAX bucket
        Histogram h = Histogram.of(values);

        double[] limits = h.bucketLimits();
        double[] counts = h.bucketCounts();
        double[] edges = Histogram.defaultBucketLimits();
        double[] expected = new double[limits.length];
        for (double v : values) {
            // brute force over the full layout: bucket i spans [edges[i-1], edges[i])
            int bucket = -1;
            for (int i = 0; i < edges.length; i++) {
                double left = i == 0 ? Double.NEGATIVE_INFINITY : edges[i - 1];
                if (v >= left && v < edges[i]) {
                    bucket = i;
                    break;
                }
            }
            // then find the stored (collapsed) bucket with that right edge
            int stored = java.util.Arrays.binarySearch(limits, edges[bucket]);
            assertTrue(stored >= 0, "non-empty bucket ending at " + edges[bucket] + " must be stored");
            expected[stored]++;
        }
        assertArrayEquals(expected, counts);
        assertEquals(values.length, h.num());
        assertEquals(java.util.Arrays.stream(values).min().orElseThrow(), h.min());
        assertEquals(3e25, h.max());
        double sum = 0;
        double squares = 0;
        for (double v : values) {
            sum += v;
            squares += v * v;
        }
        assertEquals(sum, h.sum());
        assertEquals(squares, h.sumSquares());
    }

    @Test
    void emptyRunsAreCollapsedAndStoredBucketsStayContiguous() {
        Histogram h = Histogram.of(new float[] {0.5f, 0.5f, 2f, -3f});
        double[] limits = h.bucketLimits();
        double[] counts = h.bucketCounts();
        double[] edges = Histogram.defaultBucketLimits();
        for (int i = 1; i < counts.length; i++) {
            assertFalse(counts[i - 1] == 0 && counts[i] == 0, "two adjacent empty buckets at " + i);
        }
        // stored right edges are a subsequence of the default edges ending at DBL_MAX
        int j = 0;
        for (double limit : limits) {
            while (edges[j] != limit) {
                j++;
            }
        }
        assertEquals(Double.MAX_VALUE, limits[limits.length - 1]);
        assertEquals(3, java.util.Arrays.stream(counts).filter(c -> c > 0).count());
        assertEquals(4.0, java.util.Arrays.stream(counts).sum());
        // 3 non-empty buckets separated and bounded by 4 collapsed empty runs
        assertEquals(7, limits.length);
    }

    @Test
    void emptyInputGivesTensorFlowsEmptyHistogram() {
        Histogram h = Histogram.of(new double[0]);
        assertEquals(0, h.num());
        assertEquals(Double.MAX_VALUE, h.min());
        assertEquals(-Double.MAX_VALUE, h.max());
        assertArrayEquals(new double[] {Double.MAX_VALUE}, h.bucketLimits());
        assertArrayEquals(new double[] {0}, h.bucketCounts());
    }

    @Test
    void nonFiniteValuesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Histogram.of(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Histogram.of(new float[] {Float.POSITIVE_INFINITY}));
    }

    @Test
    void protoRoundTripKeepsEverything() {
        Histogram h = Histogram.of(new double[] {1, 2, 3, -4.5});
        assertEquals(h, Histogram.fromProto(h.toProto()));
    }
}
