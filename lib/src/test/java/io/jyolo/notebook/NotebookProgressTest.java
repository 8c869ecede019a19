package io.jyolo.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.notebook.NotebookProgress.View;
import io.jyolo.train.TrainingResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookProgressTest {

    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void dataset() throws Exception {
        data = TinyRuns.dataset(dir.resolve("shapes"));
    }

    record Shown(View view, String thread) {
    }

    @Test
    void oneDisplayIsUpdatedFromItsOwnThreadAndEndsWithTheChartAndTheResult() throws Exception {
        List<Shown> shown = Collections.synchronizedList(new ArrayList<>());
        NotebookProgress progress = new NotebookProgress(0, v -> LiveDisplay.to(
                x -> shown.add(new Shown((View) x, Thread.currentThread().getName())), v));
        TrainingResult r = TrainingRuns.train(TinyRuns.config(data, 1), dir.resolve("run"), false, progress);
        assertEquals(TrainingResult.Status.COMPLETED, r.status());

        assertTrue(shown.size() >= 3, "first view, batch and epoch updates: " + shown.size());
        assertEquals("starting", shown.get(0).view().status());
        assertTrue(shown.get(0).thread().startsWith("jyolo-training"), "the first view is shown by the training thread"
                + " while the cell waits for it: " + shown.get(0).thread());
        for (Shown s : shown.subList(1, shown.size())) {
            assertEquals("jyolo-notebook-display", s.thread(), "updates never run on the training thread");
        }
        View last = shown.get(shown.size() - 1).view();
        assertEquals(last, progress.view());
        assertEquals("completed", last.status());
        assertEquals(r.message(), last.message());
        assertTrue(last.lastEpoch().startsWith("epoch 1:"), last.lastEpoch());
        assertTrue(last.heading().contains("FAST at 64 px"), last.heading());
        BufferedImage chart = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(last.chartPng())));
        assertNotNull(chart);
        String html = last.html();
        assertTrue(html.contains("data:image/png;base64," + last.chartPng()));
        assertTrue(html.contains("width:100.0%"), "a full bar at the end");
        assertTrue(last.progressLine().startsWith("epoch 1/1 2/2"), last.progressLine());
        assertFalse(html.contains("<script"), "no script needed");
    }

    @Test
    void anInterruptShowsTheInterruptedStateAndTheCheckpoint() throws Exception {
        List<View> shown = Collections.synchronizedList(new ArrayList<>());
        Thread cell = Thread.currentThread();
        NotebookProgress progress = new NotebookProgress(0, v -> LiveDisplay.to(x -> shown.add((View) x), v));
        io.jyolo.train.TrainingListener interrupter = new io.jyolo.train.TrainingListener() {
            @Override
            public void onBatch(io.jyolo.train.BatchProgress p) {
                if (p.epoch() == 1 && p.batch() == 1) {
                    cell.interrupt(); // as the notebook's interrupt button does
                    try {
                        Thread.sleep(500); // let the cell thread pass the stop request on
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        TrainingResult r = TrainingRuns.train(TinyRuns.config(data, 1), dir.resolve("interrupted"), false,
                progress, interrupter);
        assertEquals(TrainingResult.Status.INTERRUPTED, r.status());
        assertTrue(Thread.interrupted(), "the cell thread's interrupt is kept (and cleared here)");
        View last = progress.view();
        assertEquals("interrupted", last.status());
        assertTrue(last.message().contains("interrupted in epoch 1 after batch 1"), last.message());
        assertTrue(last.html().contains("#e0a000"), "the bar turns amber");
        assertEquals(last, shown.get(shown.size() - 1));
    }
}
