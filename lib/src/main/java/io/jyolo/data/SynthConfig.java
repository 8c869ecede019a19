package io.jyolo.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Options of one {@link SyntheticShapes} run. The defaults (6000 images of 224 px, one shape of 0.3 to
 * 0.85 of the image side each, seed 7, 70/15/15 split) make a dataset that Fast YOLO learns from
 * scratch on a CPU to about 0.9 precision and recall ({@code LearningTest} holds it to 0.8; the
 * README's "What the demo learns" has the numbers). Harder variants are one option away:
 * {@code maxObjects(6).objectSize(1 / 12.0, 0.85)} was the first default, and there the class scores need far longer than a few CPU minutes to
 * leave chance level.
 *
 * <p>The same options always give byte-identical files, so the options (written into the
 * dataset's NOTICE.md) are all one needs to reproduce a dataset.
 *
 * @param out           dataset folder; must be absent or empty when generating
 * @param count         number of images
 * @param imageSize     side of the square images in pixels
 * @param seed          seed of everything random
 * @param trainFraction share of images listed in {@code train.txt}
 * @param valFraction   share listed in {@code val.txt}
 * @param testFraction  share listed in {@code test.txt}; the three must sum to 1
 * @param maxObjects    each image gets 1..maxObjects objects (fewer when a placement keeps failing)
 * @param minObjectSize smallest larger-side of a shape's full box, as a fraction of the image side
 * @param maxObjectSize largest one; sizes are log-uniform in between
 * @param threads       worker threads; the output does not depend on it
 */
public record SynthConfig(Path out, int count, int imageSize, long seed,
                          double trainFraction, double valFraction, double testFraction,
                          int maxObjects, double minObjectSize, double maxObjectSize, int threads) {

    public static final int DEFAULT_COUNT = 6000;
    public static final int DEFAULT_SIZE = 224;
    public static final long DEFAULT_SEED = 7;
    public static final int MIN_SIZE = 32;
    public static final int MAX_SIZE = 2048;
    public static final int MAX_COUNT = 1_000_000;
    public static final int DEFAULT_MAX_OBJECTS = 1;
    public static final double DEFAULT_MIN_OBJECT_SIZE = 0.3;
    public static final double DEFAULT_MAX_OBJECT_SIZE = 0.85;

    public SynthConfig {
        Objects.requireNonNull(out, "out");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("image count must be between 1 and " + MAX_COUNT + " (got " + count + ")");
        }
        if (imageSize < MIN_SIZE || imageSize > MAX_SIZE) {
            throw new IllegalArgumentException("image size must be between " + MIN_SIZE + " and " + MAX_SIZE
                    + " pixels (got " + imageSize + ")");
        }
        checkFraction("train", trainFraction);
        checkFraction("val", valFraction);
        checkFraction("test", testFraction);
        double sum = trainFraction + valFraction + testFraction;
        if (Math.abs(sum - 1.0) > 1e-6) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "split fractions must sum to 1 (got %s + %s + %s = %s)", trainFraction, valFraction,
                    testFraction, Math.round(sum * 1e6) / 1e6));
        }
        if (trainFraction == 0) {
            throw new IllegalArgumentException("the train fraction must be above 0");
        }
        if (maxObjects < 1 || maxObjects > 50) {
            throw new IllegalArgumentException("objects per image must be between 1 and 50 (got " + maxObjects + ")");
        }
        if (!(minObjectSize >= 0.02 && minObjectSize <= maxObjectSize && maxObjectSize <= 0.95)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "object sizes must satisfy 0.02 <= min <= max <= 0.95 (fractions of the image side; got %s..%s)",
                    minObjectSize, maxObjectSize));
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1 (got " + threads + ")");
        }
    }

    private static void checkFraction(String name, double f) {
        if (!(f >= 0 && f <= 1)) {
            throw new IllegalArgumentException(name + " fraction must be between 0 and 1 (got " + f + ")");
        }
    }

    /** A builder with the defaults, writing to {@code out}. */
    public static Builder builder(Path out) {
        return new Builder(out);
    }

    /** The defaults, writing to {@code out}. */
    public static SynthConfig defaults(Path out) {
        return builder(out).build();
    }

    /** Builds a {@link SynthConfig}; validation happens in {@link #build()}. */
    public static final class Builder {
        private Path out;
        private int count = DEFAULT_COUNT;
        private int imageSize = DEFAULT_SIZE;
        private long seed = DEFAULT_SEED;
        private double train = 0.70;
        private double val = 0.15;
        private double test = 0.15;
        private int maxObjects = DEFAULT_MAX_OBJECTS;
        private double minObjectSize = DEFAULT_MIN_OBJECT_SIZE;
        private double maxObjectSize = DEFAULT_MAX_OBJECT_SIZE;
        private int threads = 2;

        private Builder(Path out) {
            this.out = out;
        }

        public Builder out(Path value) {
            out = value;
            return this;
        }

        public Builder count(int value) {
            count = value;
            return this;
        }

        public Builder imageSize(int value) {
            imageSize = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Train, val and test shares; they must sum to 1. */
        public Builder fractions(double trainFraction, double valFraction, double testFraction) {
            train = trainFraction;
            val = valFraction;
            test = testFraction;
            return this;
        }

        public Builder maxObjects(int value) {
            maxObjects = value;
            return this;
        }

        /** Range of the larger side of a shape's full box, as fractions of the image side (log-uniform). */
        public Builder objectSize(double min, double max) {
            minObjectSize = min;
            maxObjectSize = max;
            return this;
        }

        /**
         * The cluttered variant (the first default): 1..6 shapes per image from 1/12 to 0.85 of the
         * side, so small, truncated and occluded shapes are common. Far harder to learn from scratch.
         */
        public Builder cluttered() {
            return maxObjects(6).objectSize(1 / 12.0, 0.85);
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        /** @throws IllegalArgumentException with a one-line reason when an option makes no sense */
        public SynthConfig build() {
            return new SynthConfig(out, count, imageSize, seed, train, val, test, maxObjects, minObjectSize,
                    maxObjectSize, threads);
        }
    }
}
