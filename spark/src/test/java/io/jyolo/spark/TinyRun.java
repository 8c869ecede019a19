package io.jyolo.spark;

import io.jyolo.data.Augmentation;
import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import io.jyolo.model.Architecture;
import io.jyolo.run.CheckpointPolicy;
import io.jyolo.run.TrainConfig;
import io.jyolo.train.Trainer;
import io.jyolo.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A real run folder for the job's tests: Fast YOLO at 128 px trained one epoch on 16 synthetic
 * shapes images (the lib tests' detect.TestRuns does the same; test classes of another module
 * are not on this class path).
 */
final class TinyRun {

    private TinyRun() {
    }

    /** Trains the run into {@code folder}/run, with its dataset in {@code folder}/shapes. */
    static Path train(Path folder) throws IOException {
        Path data = folder.resolve("shapes");
        SyntheticShapes.generate(SynthConfig.builder(data).count(24).imageSize(96).seed(3).threads(1).build());
        Path run = folder.resolve("run");
        TrainConfig config = TrainConfig.builder(data.toString()).network(Architecture.FAST, 128).epochs(1)
                .batchSize(8).limitTrain(16).workers(1).augmentation(Augmentation.none())
                .checkpoints(CheckpointPolicy.every(1)).seed(5).build();
        try (Trainer trainer = Trainer.create(config, run)) {
            TrainingResult result = trainer.fit();
            if (result.status() != TrainingResult.Status.COMPLETED) {
                throw new IllegalStateException("the tiny run did not complete: " + result.message());
            }
        }
        return run;
    }
}
