package io.jyolo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import io.jyolo.model.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The epoch and inference cases drive the library's Trainer and Inference, not copies of them. */
class EpochCaseTest {

    @Test
    void theInferenceCaseDetectsThroughTheLibrarysInference(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("shapes");
        SyntheticShapes.generate(SynthConfig.builder(data).count(3).imageSize(96).seed(3).maxObjects(2).build());
        try (InferenceCase c = new InferenceCase(Architecture.FAST_CONVOLUTIONAL, 128, 2, data, Device.cpu())) {
            c.step();
            c.step();
            Map<String, Object> counters = c.counters();
            assertTrue((double) counters.get("decode_s") > 0, counters.toString());
            assertTrue((double) counters.get("detect_s") > 0, counters.toString());
            assertEquals("io.jyolo.predict.Inference", c.info().get("timed_class"));
            assertEquals(3, c.info().get("images_in_folder"));
        }
    }

    @Test
    void eachIterationIsOneEpochOfTheRealTrainerAndCloseStopsIt(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("shapes");
        SyntheticShapes.generate(SynthConfig.builder(data).count(12).imageSize(96).seed(3).maxObjects(2).build());
        Path run;
        try (EpochCase c = new EpochCase(Architecture.FAST_CONVOLUTIONAL, data, "train", 128, 4, 1, Device.cpu(), 1)) {
            run = c.folder();
            c.warmUp(3);
            assertEquals(1, c.epochsDone(), "warm-up is one whole epoch");
            c.step();
            c.step();
            assertEquals(3, c.epochsDone());
            assertTrue(Files.exists(run.resolve("run/checkpoints/last.ckpt")), "a checkpoint after every epoch");
            Map<String, Object> counters = c.counters();
            assertTrue(Double.isFinite((double) counters.get("loss")), counters.toString());
            assertTrue((double) counters.get("epoch_end_s") > 0, counters.toString());
            assertEquals("io.jyolo.train.Trainer", c.info().get("timed_class"));
        }
        assertFalse(Files.exists(run), "the run folder is removed on close");
    }
}
