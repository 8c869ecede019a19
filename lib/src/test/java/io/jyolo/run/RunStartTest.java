package io.jyolo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.detect.TestRuns;
import io.jyolo.model.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one start-or-resume decision, on a real (tiny) run trained for one epoch. */
class RunStartTest {

    @Test
    void aFolderWithoutCheckpointsStartsANewRun(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("fresh");
        RunStart plan = RunStart.plan(TrainConfig.builder("data/shapes").build(), run);
        assertEquals(RunStart.Kind.NEW, plan.kind());
        assertEquals(0, plan.epochsDone());
        assertNull(plan.checkpoint());
        assertTrue(RunStart.existing(run, 0).isEmpty());
    }

    @Test
    void theSameRunContinuesUpToTheNewBudgetAndIsFinishedAtIt() throws IOException {
        Path run = TestRuns.stretch();
        TrainConfig config = new RunFolder(run).readConfig();
        assertEquals(1, config.epochs());

        RunStart finished = RunStart.plan(config, run);
        assertEquals(RunStart.Kind.FINISHED, finished.kind());
        assertEquals(1, finished.epochsDone());
        assertTrue(Files.isRegularFile(finished.checkpoint()));
        assertEquals("nothing to do: " + run + " is at epoch 1 of 1 (raise epochs to train further)",
                finished.message());

        RunStart more = RunStart.plan(config.toBuilder().epochs(3).build(), run);
        assertEquals(RunStart.Kind.CONTINUE, more.kind());
        assertEquals(3, more.epochs());
        assertEquals(run + " already holds this run at epoch 1 of 3: continuing it", more.message());

        assertEquals(RunStart.Kind.FINISHED, RunStart.existing(run, 0).orElseThrow().kind(), "the run's own budget");
        assertEquals(RunStart.Kind.CONTINUE, RunStart.existing(run, 2).orElseThrow().kind());
    }

    @Test
    void anotherRunInTheFolderIsRefusedNamingBoth() throws IOException {
        Path run = TestRuns.stretch();
        TrainConfig other = new RunFolder(run).readConfig().toBuilder().network(Architecture.FAST, 192).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunStart.plan(other, run));
        assertTrue(e.getMessage().contains("holds a run of FAST at 128 px") && e.getMessage().contains(
                "asks for FAST at 192 px"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
