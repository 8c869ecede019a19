package io.jyolo.tensorboard;

import io.jyolo.tensorboard.proto.HistogramProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A histogram in TensorFlow's layout, the one TensorBoard's histogram and distribution dashboards
 * expect from a {@code histo} summary.
 *
 * <p>The bucket edges are TensorFlow's defaults: 0, then ±1e-12 growing by 10% per bucket while
 * below 1e20, closed by ±{@link Double#MAX_VALUE}. A value v falls in the bucket of the first edge
 * greater than v, so bucket i spans [edge i-1, edge i). As TensorFlow does, each run of empty
 * buckets is stored as one empty bucket ending at the run's last edge: the stored buckets stay
 * contiguous, and a histogram of weights in [-0.1, 0.1] takes a few hundred numbers, not 1551.
 *
 * @param min          smallest value ({@link Double#MAX_VALUE} when empty)
 * @param max          largest value (-{@link Double#MAX_VALUE} when empty)
 * @param num          number of values
 * @param sum          sum of values (NaN when read from a writer that does not store it)
 * @param sumSquares   sum of squared values (NaN when not stored)
 * @param bucketLimits right edges of the stored buckets, increasing
 * @param bucketCounts values per stored bucket
 */
public record Histogram(double min, double max, double num, double sum, double sumSquares, double[] bucketLimits,
        double[] bucketCounts) {

    private static final double[] DEFAULT_LIMITS = defaultLimits();

    public Histogram {
        Objects.requireNonNull(bucketLimits, "bucketLimits");
        Objects.requireNonNull(bucketCounts, "bucketCounts");
        if (bucketLimits.length != bucketCounts.length) {
            throw new IllegalArgumentException("histogram has " + bucketLimits.length + " bucket limits but "
                    + bucketCounts.length + " bucket counts");
        }
        bucketLimits = bucketLimits.clone();
        bucketCounts = bucketCounts.clone();
    }

    /** TensorFlow's default bucket right edges (1551 of them). */
    public static double[] defaultBucketLimits() {
        return DEFAULT_LIMITS.clone();
    }

    /** Histogram of {@code values}; rejects NaN and infinities as TensorFlow does. */
    public static Histogram of(double[] values) {
        Accumulator acc = new Accumulator();
        for (double v : values) {
            acc.add(v);
        }
        return acc.build();
    }

    /** Histogram of {@code values}; rejects NaN and infinities as TensorFlow does. */
    public static Histogram of(float[] values) {
        Accumulator acc = new Accumulator();
        for (float v : values) {
            acc.add(v);
        }
        return acc.build();
    }

    /** Reads a {@code histo} summary. */
    public static Histogram fromProto(HistogramProto p) {
        return new Histogram(p.getMin(), p.getMax(), p.getNum(), p.getSum(), p.getSumSquares(),
                p.getBucketLimitList().stream().mapToDouble(Double::doubleValue).toArray(),
                p.getBucketList().stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The {@code histo} summary value. */
    public HistogramProto toProto() {
        HistogramProto.Builder b = HistogramProto.newBuilder().setMin(min).setMax(max).setNum(num).setSum(sum)
                .setSumSquares(sumSquares);
        for (int i = 0; i < bucketLimits.length; i++) {
            b.addBucketLimit(bucketLimits[i]).addBucket(bucketCounts[i]);
        }
        return b.build();
    }

    /** Right edges of the stored buckets (a copy). */
    @Override
    public double[] bucketLimits() {
        return bucketLimits.clone();
    }

    /** Values per stored bucket (a copy). */
    @Override
    public double[] bucketCounts() {
        return bucketCounts.clone();
    }

    /** Number of stored buckets. */
    public int bucketCount() {
        return bucketLimits.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && Double.compare(min, h.min) == 0 && Double.compare(max, h.max) == 0
                && Double.compare(num, h.num) == 0 && Double.compare(sum, h.sum) == 0
                && Double.compare(sumSquares, h.sumSquares) == 0 && Arrays.equals(bucketLimits, h.bucketLimits)
                && Arrays.equals(bucketCounts, h.bucketCounts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(min, max, num, sum, sumSquares, Arrays.hashCode(bucketLimits),
                Arrays.hashCode(bucketCounts));
    }

    @Override
    public String toString() {
        return "Histogram[num=" + num + ", min=" + min + ", max=" + max + ", sum=" + sum + ", buckets="
                + bucketLimits.length + "]";
    }

    private static double[] defaultLimits() {
        List<Double> positive = new ArrayList<>();
        for (double v = 1.0e-12; v < 1.0e20; v *= 1.1) {
            positive.add(v);
        }
        positive.add(Double.MAX_VALUE);
        int n = positive.size();
        double[] limits = new double[2 * n + 1];
        for (int i = 0; i < n; i++) {
            limits[n - 1 - i] = -positive.get(i);
            limits[n + 1 + i] = positive.get(i);
        }
        limits[n] = 0.0;
        return limits;
    }

    /** Index of the first default edge greater than v (C++ upper_bound; -0.0 counts as 0.0). */
    private static int bucketOf(double v) {
        int lo = 0;
        int hi = DEFAULT_LIMITS.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (DEFAULT_LIMITS[mid] > v) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static final class Accumulator {
        private final double[] counts = new double[DEFAULT_LIMITS.length];
        private double min = Double.MAX_VALUE;
        private double max = -Double.MAX_VALUE;
        private double num;
        private double sum;
        private double sumSquares;

        void add(double v) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("histogram input contains " + v
                        + " (TensorBoard histograms hold finite values only)");
            }
            counts[bucketOf(v)] += 1;
            min = Math.min(min, v);
            max = Math.max(max, v);
            num += 1;
            sum += v;
            sumSquares += v * v;
        }

        Histogram build() {
            List<double[]> stored = new ArrayList<>();
            for (int i = 0; i < counts.length;) {
                double end = DEFAULT_LIMITS[i];
                double count = counts[i];
                i++;
                if (count <= 0) {
                    while (i < counts.length && counts[i] <= 0) {
                        end = DEFAULT_LIMITS[i];
                        i++;
                    }
                }
                stored.add(new double[] {end, count});
            }
            double[] limits = new double[stored.size()];
            double[] bucketCounts = new double[stored.size()];
            for (int i = 0; i < limits.length; i++) {
                limits[i] = stored.get(i)[0];
                bucketCounts[i] = stored.get(i)[1];
            }
            return new Histogram(min, max, num, sum, sumSquares, limits, bucketCounts);
        }
    }
}
