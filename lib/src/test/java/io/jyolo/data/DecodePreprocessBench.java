package io.jyolo.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Images per second of decode (the training reader) + resize + normalise at 448, one thread, on
 * voc2012-sample: the path both training and detection take. A measurement, not a test: skipped
 * unless {@code JYOLO_BENCH} is set, e.g.
 * {@code JYOLO_BENCH=1 mvn -B -o test -Dtest=DecodePreprocessBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DecodePreprocessBench {

    @Test
    void imagesPerSecond() throws IOException {
        assumeTrue(System.getenv("JYOLO_BENCH") != null, "benchmark: set JYOLO_BENCH=1 to run");
        VocDataset ds = VocDataset.open(Fixtures.shared("voc2012-sample"), null);
        float[] input = new float[Preprocess.floatsPerImage(448)];
        run(ds, input, 2); // warm-up
        int rounds = 5;
        double[] best = {0, 0};
        for (int r = 0; r < rounds; r++) {
            double[] t = run(ds, input, 1);
            best[0] = Math.max(best[0], ds.size() / t[0]);
            best[1] = Math.max(best[1], ds.size() / (t[0] + t[1]));
        }
        System.out.printf(Locale.ROOT, "decode only: %.1f images/s; decode + preprocess 448: %.1f images/s"
                + " (best of %d passes over %d images, 1 thread)%n", best[0], best[1], rounds, ds.size());
    }

    /** Seconds spent decoding and preprocessing, over {@code passes} passes. */
    private static double[] run(VocDataset ds, float[] input, int passes) throws IOException {
        double decode = 0;
        double prep = 0;
        for (int p = 0; p < passes; p++) {
            for (Sample s : ds.samples()) {
                long t0 = System.nanoTime();
                java.awt.image.BufferedImage img = ImageReading.readRgb(s.imagePath());
                long t1 = System.nanoTime();
                Preprocess.toInput(img, Preprocess.geometry(img, 448, ResizeMode.STRETCH), input, 0);
                long t2 = System.nanoTime();
                decode += (t1 - t0) / 1e9;
                prep += (t2 - t1) / 1e9;
            }
        }
        return new double[] {decode, prep};
    }
}
