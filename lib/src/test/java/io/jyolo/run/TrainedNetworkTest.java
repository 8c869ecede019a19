package io.jyolo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.jyolo.detect.TestRuns;
import io.jyolo.model.Architecture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one loader of a run's network, on a real (tiny) trained run. */
class TrainedNetworkTest {

    @Test
    void loadsTheRunsNetworkOnTheDeviceAskedFor() throws IOException {
        Path run = TestRuns.stretch();
        TrainedNetwork loaded = TrainedNetwork.load(run, null, "cpu");
        try (loaded) {
            assertEquals(Device.cpu(), loaded.device());
            assertEquals(loaded.run().model(), loaded.network().config());
            assertEquals(run.resolve("checkpoints/best.ckpt"), loaded.run().checkpoint().file());
            assertTrue(loaded.manager().isOpen());
        }
        assertFalse(loaded.manager().isOpen(), "closing frees the weights");
    }

    @Test
    void anUnknownDeviceIsOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainedNetwork.load(TestRuns.stretch(), null, "tpu"));
        assertEquals("unknown device 'tpu': use cpu, gpu or gpu:N", e.getMessage());
    }

    @Test
    void weightsThatDoNotFitTheConfiguredNetworkAreOneLineNamingTheCheckpoint(@TempDir Path tmp) throws IOException {
        Path run = TestRuns.stretch();
        Path copy = tmp.resolve("resized");
        Files.createDirectories(copy.resolve("checkpoints"));
        Files.copy(run.resolve("classes.txt"), copy.resolve("classes.txt"));
        Files.copy(run.resolve("checkpoints/best.ckpt"), copy.resolve("checkpoints/best.ckpt"));
        TrainConfig config = new RunFolder(run).readConfig();
        assertEquals(Architecture.FAST, config.model().architecture());
        Files.writeString(copy.resolve("config.json"), config.toBuilder()
                .network(Architecture.FAST_CONVOLUTIONAL, config.model().inputSize()).build().toJson(),
                StandardCharsets.UTF_8);

        IOException e = assertThrows(IOException.class, () -> TrainedNetwork.load(copy, null, "cpu"));
        assertTrue(e.getMessage().startsWith(copy.resolve("checkpoints/best.ckpt") + ": parameters do not fit"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
