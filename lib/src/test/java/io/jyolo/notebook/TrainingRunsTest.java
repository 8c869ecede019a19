package io.jyolo.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.model.Architecture;
import io.jyolo.run.EpochRecord;
import io.jyolo.run.History;
import io.jyolo.run.RunFolder;
import io.jyolo.tensorboard.EventLog;
import io.jyolo.tensorboard.ScalarPoint;
import io.jyolo.train.BatchProgress;
import io.jyolo.train.TrainingListener;
import io.jyolo.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class TrainingRunsTest {

    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void dataset() throws Exception {
        data = TinyRuns.dataset(dir.resolve("shapes"));
    }

    private static List<Integer> epochs(Path run) throws Exception {
        return History.read(new RunFolder(run).history()).rows().stream().map(EpochRecord::epoch).toList();
    }

    private static List<Long> steps(Path run, String tag) throws Exception {
        return EventLog.read(run).scalars(tag).stream().map(ScalarPoint::step).toList();
    }

    /**
     * The notebook case: the interrupt button makes the cell return at once while the training
     * thread still saves; a resume started right then waits for that save and continues after it.
     */
    @Test
    void aResumeStartedDuringTheInterruptedSaveWaitsAndContinuesWhereTrainingStopped() throws Exception {
        Path run = dir.resolve("interrupt");
        CountDownLatch inEpoch2 = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TrainingListener hold = new TrainingListener() {
            @Override
            public void onBatch(BatchProgress p) {
                if (p.epoch() == 2 && p.batch() == 1) {
                    inEpoch2.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS); // a long batch, still running at the interrupt
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread training = new Thread(() -> {
            try {
                outcome.set(TrainingRuns.train(TinyRuns.config(data, 3), run, false, hold));
            } catch (Throwable e) {
                outcome.set(e);
                inEpoch2.countDown();
            }
        }, "cell");
        training.start();
        assertTrue(inEpoch2.await(60, TimeUnit.SECONDS), "training reached epoch 2");
        assertTrue(outcome.get() == null, () -> "training failed: " + outcome.get());
        training.interrupt(); // the interrupt button: the cell thread asks the training thread to stop
        Thread.sleep(500);
        release.countDown(); // the batch in progress ends; training stops after it and saves
        TrainingResult resumed = TrainingRuns.resume(run, 0);
        training.join(60_000);
        assertTrue(outcome.get() instanceof TrainingResult, () -> "interrupted training ended with " + outcome.get());
        TrainingResult interrupted = (TrainingResult) outcome.get();

        assertEquals(TrainingResult.Status.INTERRUPTED, interrupted.status());
        assertEquals(1, interrupted.epoch(), "one epoch done when interrupted in epoch 2");
        assertEquals(TrainingResult.Status.COMPLETED, resumed.status());
        assertEquals(3, resumed.epoch());
        assertEquals(3L * 2, resumed.globalStep(), "8 images / batch 4 = 2 steps per epoch, none repeated");
        assertEquals(List.of(1, 2, 3), epochs(run));
        assertEquals(List.of(1L, 2L, 3L), steps(run, "Train/Loss_sum"));
    }

    @Test
    void trainingAgainContinuesTheSameRunAndStartingOverReplacesIt() throws Exception {
        Path run = dir.resolve("again");
        assertEquals(TrainingResult.Status.COMPLETED, TrainingRuns.train(TinyRuns.config(data, 1), run, true).status(),
                "starting over in a new folder just starts");
        TrainingResult more = TrainingRuns.train(TinyRuns.config(data, 2), run, false);
        assertEquals(2, more.epoch());
        assertEquals(List.of(1, 2), epochs(run));

        IllegalStateException other = assertThrows(IllegalStateException.class, () -> TrainingRuns.train(
                TinyRuns.config(data, 2).toBuilder().network(Architecture.FAST, 128).build(), run, false));
        assertTrue(other.getMessage().contains("FAST at 64 px") && other.getMessage().contains("FAST at 128 px"),
                other.getMessage());

        int files = EventLog.read(run).files().size();
        TrainingResult nothing = TrainingRuns.resume(run, 0);
        assertEquals(TrainingResult.Status.COMPLETED, nothing.status());
        assertTrue(nothing.message().startsWith("nothing to do"), nothing.message());
        assertEquals(files, EventLog.read(run).files().size(), "a finished run is not reopened");

        TrainingResult fresh = TrainingRuns.train(TinyRuns.config(data, 1), run, true);
        assertEquals(1, fresh.epoch());
        assertEquals(List.of(1, 2).subList(0, 1), epochs(run));
        assertEquals(List.of(1L), steps(run, "Train/Loss_sum"));
    }

    @Test
    void foldersThatAreNotRunsAreNeverDeleted() throws Exception {
        Path notARun = dir.resolve("precious");
        Files.createDirectories(notARun);
        Files.writeString(notARun.resolve("thesis.txt"), "do not delete");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrainingRuns.train(TinyRuns.config(data, 1), notARun, true));
        assertTrue(e.getMessage().contains("not a jyolo run folder"), e.getMessage());
        assertTrue(Files.exists(notARun.resolve("thesis.txt")));
    }

    @Test
    void theCheckpointTableListsGoodAndDamagedFiles() throws Exception {
        Path run = dir.resolve("table");
        TrainingRuns.train(TinyRuns.config(data, 1), run, false);
        Path damaged = new RunFolder(run).checkpoints().resolve("epoch-00099.ckpt");
        Files.write(damaged, new byte[100]);
        Table t = TrainingRuns.checkpoints(run);
        List<String> files = t.stringColumn("file").asList();
        assertTrue(files.contains("last.ckpt") && files.contains("epoch-00099.ckpt"), files.toString());
        int lastRow = files.indexOf("last.ckpt");
        assertEquals("ok", t.stringColumn("status").get(lastRow));
        assertEquals(1, t.intColumn("epoch").get(lastRow));
        String problem = t.stringColumn("status").get(files.indexOf("epoch-00099.ckpt"));
        assertTrue(problem.contains("not a jyolo checkpoint"), problem);
        assertEquals("epoch-00099.ckpt", files.get(files.size() - 1), "unusable files last");
        assertTrue(TrainingRuns.runs(dir).contains("table"));
        assertFalse(TrainingRuns.runs(dir).contains("shapes"));
    }
}
