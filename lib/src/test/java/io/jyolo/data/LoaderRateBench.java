package io.jyolo.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jyolo.model.OutputLayout;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The loader's images per second with one worker, paper augmentation, 448 px, on voc2012-sample:
 * the median of several epochs after a warm-up epoch. A measurement, not a test: skipped unless
 * {@code JYOLO_BENCH} is set, e.g.
 * {@code JYOLO_BENCH=1 mvn -B -o -q test -pl lib -Dtest=LoaderRateBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LoaderRateBench {

    @Test
    void oneWorkerPaperAugmentation() throws IOException {
        assumeTrue(System.getenv("JYOLO_BENCH") != null, "benchmark: set JYOLO_BENCH=1 to run");
        // OpenCV's thread count is the library's own setting (one thread; JYOLO_OPENCV_THREADS changes it)
        VocDataset ds = VocDataset.open(Fixtures.shared("voc2012-sample"), null);
        int epochs = Integer.parseInt(System.getenv().getOrDefault("JYOLO_BENCH_EPOCHS", "7"));
        double[] rates = new double[epochs];
        try (DataLoader loader = DataLoader.builder(ds, OutputLayout.voc()).batchSize(16).workers(1).prefetch(2)
                .augmentation(Augmentation.paper()).seed(1).build()) {
            DataThroughputBench.consume(loader, 0);
            for (int e = 0; e < epochs; e++) {
                long t0 = System.nanoTime();
                long n = DataThroughputBench.consume(loader, e + 1);
                rates[e] = n / ((System.nanoTime() - t0) / 1e9);
            }
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "LOADER 1 worker, paper augmentation, 448, OpenCV threads " + org.opencv.core.Core.getNumThreads() + ": median %.1f images/s (epochs %s)%n",
                sorted[epochs / 2], Arrays.toString(Arrays.stream(rates).map(r -> Math.round(r * 10) / 10.0).toArray()));
    }
}
