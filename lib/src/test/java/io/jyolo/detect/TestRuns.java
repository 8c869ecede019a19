package io.jyolo.detect;

import io.jyolo.data.Augmentation;
import io.jyolo.data.ResizeMode;
import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import io.jyolo.model.Architecture;
import io.jyolo.run.CheckpointPolicy;
import io.jyolo.run.TrainConfig;
import io.jyolo.train.Trainer;
import io.jyolo.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Tiny real training runs for detection tests, made once per test JVM: a synthetic-shapes dataset
 * (40 images of 96 px) and Fast YOLO at 128 px trained one epoch on 16 of them and validated on
 * the 6 of the val split (so the run has best.ckpt as well as last.ckpt), once with stretch and
 * once with letterbox resizing. Written under a temporary folder deleted at exit.
 */
public final class TestRuns {

    private static Path root;
    private static Path data;
    private static Path stretch;
    private static Path letterbox;

    private TestRuns() {
    }

    /** The synthetic dataset the runs were trained on (do not modify: copy it). */
    public static synchronized Path data() {
        if (data == null) {
            try {
                data = root().resolve("shapes");
                SyntheticShapes.generate(SynthConfig.builder(data).count(40).imageSize(96).seed(3).threads(1).build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return data;
    }

    /** A run trained with stretch resizing. */
    public static synchronized Path stretch() {
        if (stretch == null) {
            stretch = train("stretch", ResizeMode.STRETCH);
        }
        return stretch;
    }

    /** A run trained with letterbox resizing. */
    public static synchronized Path letterbox() {
        if (letterbox == null) {
            letterbox = train("letterbox", ResizeMode.LETTERBOX);
        }
        return letterbox;
    }

    /** A fresh empty folder under the shared temporary root. */
    public static synchronized Path newFolder(String prefix) {
        try {
            return Files.createTempDirectory(root(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path train(String name, ResizeMode mode) {
        Path run = root().resolve("run-" + name);
        TrainConfig config = TrainConfig.builder(data().toString()).network(Architecture.FAST, 128).epochs(1)
                .batchSize(8).limitTrain(16).valSplit("val").validateEvery(1).workers(1)
                .augmentation(Augmentation.none()).resize(mode).checkpoints(CheckpointPolicy.every(1)).seed(5).build();
        long start = System.nanoTime();
        try (Trainer trainer = Trainer.create(config, run)) {
            TrainingResult result = trainer.fit();
            if (result.status() != TrainingResult.Status.COMPLETED) {
                throw new IllegalStateException("test run " + name + " did not complete: " + result.message());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("test run %s trained in %.1f s%n", name, (System.nanoTime() - start) / 1e9);
        return run;
    }

    private static Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("jyolo-detect-tests");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        }
        return root;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort at exit
        }
    }
}
