package io.jyolo.detect;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jyolo.data.Augmentation;
import io.jyolo.data.Sample;
import io.jyolo.data.VocDataset;
import io.jyolo.image.Images;
import io.jyolo.model.Architecture;
import io.jyolo.run.TrainConfig;
import io.jyolo.train.Trainer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection throughput of Fast YOLO at 448 on voc2012-sample (20 classes), batch 1 and 8: images/s
 * for read + preprocess + forward + decode, and for forward + decode on pictures already in memory.
 * The weights come from a one-epoch run on 8 images (speed does not depend on them). A measurement,
 * not a test: skipped unless {@code JYOLO_BENCH} is set, e.g.
 * {@code JYOLO_BENCH=1 mvn -B -o test -Dtest=DetectorThroughputBench -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DetectorThroughputBench {

    @TempDir
    Path tmp;

    @Test
    void imagesPerSecond() throws IOException {
        assumeTrue(System.getenv("JYOLO_BENCH") != null, "benchmark: set JYOLO_BENCH=1 to run");
        String prop = System.getProperty("jyolo.shared");
        Path voc = (prop != null ? Path.of(prop) : Path.of("../../shared")).resolve("data/voc2012-sample");
        assumeTrue(Files.isDirectory(voc), "no " + voc);
        Path run = tmp.resolve("voc-fast-448");
        TrainConfig config = TrainConfig.builder(voc.toString()).trainSplit(null).valSplit(null).validateEvery(0)
                .network(Architecture.FAST, 448).epochs(1).batchSize(8).limitTrain(8).workers(1)
                .augmentation(Augmentation.none()).build();
        try (Trainer trainer = Trainer.create(config, run)) {
            trainer.fit();
        }
        List<Sample> samples = VocDataset.open(voc, null).samples();
        List<BufferedImage> pictures = new ArrayList<>();
        for (Sample s : samples) {
            pictures.add(Images.readRgb(s.imagePath()));
        }
        for (int batch : new int[] {1, 8}) {
            DetectorOptions options = DetectorOptions.builder().batchSize(batch).build();
            try (Detector d = Detector.load(run, options)) {
                d.detect(pictures.subList(0, 16)); // warm-up
                double[] withReading = new double[3];
                double[] inMemory = new double[3];
                for (int round = 0; round < 3; round++) {
                    long t0 = System.nanoTime();
                    for (int from = 0; from < samples.size(); from += batch) {
                        List<BufferedImage> chunk = new ArrayList<>();
                        for (Sample s : samples.subList(from, Math.min(samples.size(), from + batch))) {
                            chunk.add(Images.readRgb(s.imagePath()));
                        }
                        d.detect(chunk);
                    }
                    withReading[round] = samples.size() / ((System.nanoTime() - t0) / 1e9);
                    long t1 = System.nanoTime();
                    d.detect(pictures);
                    inMemory[round] = pictures.size() / ((System.nanoTime() - t1) / 1e9);
                }
                Arrays.sort(withReading);
                Arrays.sort(inMemory);
                System.out.printf(Locale.ROOT, "Fast YOLO 448, batch %d, %d images on %s (median [min-max] of 3):"
                        + " read + detect %.2f [%.2f-%.2f] images/s; detect on decoded pictures %.2f [%.2f-%.2f]"
                        + " images/s%n", batch, samples.size(), d.device(), withReading[1], withReading[0],
                        withReading[2], inMemory[1], inMemory[0], inMemory[2]);
            }
        }
    }
}
