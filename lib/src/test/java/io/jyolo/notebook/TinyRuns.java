package io.jyolo.notebook;

import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import io.jyolo.model.Architecture;
import io.jyolo.run.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;

/** A tiny generated dataset and a training configuration that finishes in a few seconds on a CPU. */
public final class TinyRuns {

    private TinyRuns() {
    }

    /** 24 shapes images of 64 px (about 17 train, 4 val, 3 test) in {@code dir}. */
    public static Path dataset(Path dir) throws IOException {
        SyntheticShapes.generate(SynthConfig.builder(dir).count(24).imageSize(64).seed(3).threads(1)
                .cluttered().build());
        return dir;
    }

    /** Fast YOLO at 64 px (S=1), batch 4, 8 training images, {@code epochs} epochs, weight histograms. */
    public static TrainConfig config(Path data, int epochs) {
        return TrainConfig.builder(data.toString()).network(Architecture.FAST, 64).epochs(epochs).batchSize(4)
                .limitTrain(8).learningRate(1e-3).schedule("constant").workers(1).histograms("weight").build();
    }
}
