package io.jyolo.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jyolo.model.OutputLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Images per second of decode + augment + encode on voc2012-sample at 448, with 1 and 2 workers.
 * A measurement, not a test: skipped unless the environment variable {@code JYOLO_BENCH} is set, e.g.
 * {@code JYOLO_BENCH=1 mvn -B -o test -Dtest=DataThroughputBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DataThroughputBench {

    @Test
    void imagesPerSecond() throws IOException {
        assumeTrue(System.getenv("JYOLO_BENCH") != null,
                "benchmark: set JYOLO_BENCH=1 to run");
        Path root = Fixtures.shared("voc2012-sample");
        VocDataset ds = VocDataset.open(root, null);
        long decodeOnly = 0;
        long t0 = System.nanoTime();
        for (Sample s : ds.samples()) {
            decodeOnly += ImageReading.readRgb(s.imagePath()).getWidth();
        }
        double decodeSec = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "decode only (1 thread): %.1f images/s%n", ds.size() / decodeSec);
        for (Augmentation aug : new Augmentation[] {Augmentation.none(), Augmentation.paper()}) {
            for (int workers : new int[] {1, 2}) {
                try (DataLoader loader = DataLoader.builder(ds, OutputLayout.voc()).batchSize(16).workers(workers)
                        .prefetch(3).augmentation(aug).seed(1).build()) {
                    consume(loader, 0); // warm-up
                    int epochs = 3;
                    long start = System.nanoTime();
                    long n = 0;
                    for (int e = 1; e <= epochs; e++) {
                        n += consume(loader, e);
                    }
                    double sec = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "%s, %d worker(s), 448: %.1f images/s%n",
                            aug.geometric() ? "paper augmentation" : "no augmentation", workers, n / sec);
                }
            }
        }
    }

    /** Images delivered by one epoch of {@code loader}. */
    static long consume(DataLoader loader, int epoch) {
        long n = 0;
        try (DataLoader.Epoch e = loader.epoch(epoch)) {
            for (Batch b : e) {
                n += b.size();
            }
        }
        return n;
    }
}
