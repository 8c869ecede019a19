package io.jyolo.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryWriterRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void everyValueTypeComesBackAsWritten() throws Exception {
        BufferedImage picture = TestImages.gradient(17, 9, 3);
        BufferedImage grey = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(2, 1, 0, 200);
        double[] weights = {-0.5, 0.1, 0.1, 0.25, 3.0, 0.0};
        Histogram expectedHistogram = Histogram.of(weights);
        try (SummaryWriter w = SummaryWriter.open(dir)) {
            for (int epoch = 1; epoch <= 5; epoch++) {
                w.scalar("Train/Loss_sum", epoch, 10.0 / epoch);
            }
            w.histogram("conv1.weight_data", 2, weights);
            w.histogram("conv1.weight_grad", 2, new float[] {1f, 2f});
            w.image("feature/conv1", 3, picture);
            w.image("feature/grey", 3, grey);
            w.text("notes", 4, "epoch 4: *lr* halved — ünïcode");
        }
        EventLog log = EventLog.read(dir);
        assertEquals(Set.of("Train/Loss_sum", "conv1.weight_data", "conv1.weight_grad", "feature/conv1",
                "feature/grey", "notes"), log.tags());

        List<ScalarPoint> loss = log.scalars("Train/Loss_sum");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), loss.stream().map(ScalarPoint::step).toList());
        for (ScalarPoint p : loss) {
            assertEquals((float) (10.0 / p.step()), p.value());
            assertTrue(Math.abs(p.wallTime() - System.currentTimeMillis() / 1000.0) < 60, "wall time is now");
        }

        HistogramPoint hp = log.histograms("conv1.weight_data").get(0);
        assertEquals(2, hp.step());
        assertEquals(expectedHistogram, hp.histogram());
        assertEquals(6, hp.histogram().num());
        assertEquals(-0.5, hp.histogram().min());
        assertEquals(3.0, hp.histogram().max());
        assertEquals(2, log.histograms("conv1.weight_grad").get(0).histogram().num());

        ImagePoint ip = log.images("feature/conv1").get(0);
        assertEquals(17, ip.width());
        assertEquals(9, ip.height());
        assertEquals(TestImages.rgbaDigest(picture), TestImages.rgbaDigest(ip.decode()));
        BufferedImage greyBack = log.images("feature/grey").get(0).decode();
        assertEquals(200, greyBack.getRaster().getSample(2, 1, 0));
        assertEquals(0, greyBack.getRaster().getSample(0, 0, 0));

        assertEquals("epoch 4: *lr* halved — ünïcode", log.texts("notes").get(0).text());
        assertEquals(4, log.texts("notes").get(0).step());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.scalars("nope"));
        assertTrue(e.getMessage().contains("Train/Loss_sum"), e.getMessage());
        assertEquals(0, log.skippedValues());
    }

    @Test
    void startEventDiscardsLaterStepsAndRepeatedStepsKeepTheLastValue() throws Exception {
        try (SummaryWriter w = SummaryWriter.open(dir)) {
            for (int step = 1; step <= 10; step++) {
                w.scalar("a", step, step);
                w.scalar("b", step, -step);
            }
            w.scalar("a", 10, 100); // the same step again: the last write counts
        }
        try (SummaryWriter w = SummaryWriter.builder(dir).startAtStep(6).build()) {
            w.scalar("a", 6, 60);
            w.scalar("a", 7, 70);
        }
        EventLog log = EventLog.read(dir);
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 60.0, 70.0),
                log.scalars("a").stream().map(ScalarPoint::value).toList());
        // START at 6 discards every tag's steps >= 6, also of tags not logged again
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), log.scalars("b").stream().map(ScalarPoint::step).toList());
        assertEquals(2, log.files().size());
    }

    @Test
    void periodicFlushMakesRecordsVisibleWithoutClose() throws Exception {
        long created = System.nanoTime();
        try (SummaryWriter w = SummaryWriter.builder(dir).flushInterval(Duration.ofMillis(300)).build()) {
            long before = Files.size(w.file());
            w.scalar("live", 1, 1.5);
            long size = Files.size(w.file());
            if (System.nanoTime() - created < 250_000_000L) { // no flush can have run yet
                assertEquals(before, size, "buffered until the next flush");
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Files.size(w.file()) == before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1.5, EventLog.read(dir).scalars("live").get(0).value());
        }
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 300;
        try (SummaryWriter w = SummaryWriter.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String tag = "thread" + t;
                futures.add(pool.submit(() -> {
                    for (int step = 0; step < perThread; step++) {
                        w.scalar(tag, step, step * 0.5);
                        if (step % 50 == 0) {
                            w.histogram(tag + "/h", step, new double[] {step, step + 1});
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
        EventLog log = EventLog.read(dir);
        for (int t = 0; t < threads; t++) {
            List<ScalarPoint> points = log.scalars("thread" + t);
            assertEquals(perThread, points.size());
            for (int step = 0; step < perThread; step++) {
                assertEquals(step, points.get(step).step());
                assertEquals(step * 0.5, points.get(step).value());
            }
            assertEquals(6, log.histograms("thread" + t + "/h").size());
        }
    }

    @Test
    void closedWriterRefusesWrites() {
        SummaryWriter w = SummaryWriter.open(dir);
        w.close();
        w.close();
        assertThrows(java.io.UncheckedIOException.class, () -> w.scalar("x", 1, 1));
    }

    @Test
    void nanInAHistogramIsAClearError() {
        try (SummaryWriter w = SummaryWriter.open(dir)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.histogram("fc.weight_grad", 7, new double[] {Double.NaN}));
            assertTrue(e.getMessage().contains("fc.weight_grad") && e.getMessage().contains("step 7"), e.getMessage());
        }
    }

    @Test
    void histogramsSurviveProtoAndReaderUnchanged() throws Exception {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i) * (i % 7);
        }
        try (SummaryWriter w = SummaryWriter.open(dir)) {
            w.histogram("h", 1, values);
        }
        Histogram back = EventLog.read(dir).histograms("h").get(0).histogram();
        assertArrayEquals(Histogram.of(values).bucketCounts(), back.bucketCounts());
        assertArrayEquals(Histogram.of(values).bucketLimits(), back.bucketLimits());
    }
}
