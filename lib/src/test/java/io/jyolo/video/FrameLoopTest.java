package io.jyolo.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop logic a camera relies on (frame limit, duration, interruption), exercised with a
 * video file through the same {@link FrameSources} path a camera takes.
 */
class FrameLoopTest {

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void frameLimitStopsAfterExactlyThatManyFrames() throws Exception {
        Path clip = TestVideos.sharedClip(TestVideos.CARS);
        try (FrameSource s = FrameSources.open(clip.toString(), FrameSourceOptions.builder().maxFrames(10).build())) {
            assertEquals(10, s.expectedFrames());
            VideoSummary summary = VideoPipeline.process(s, img -> img, null, null);
            assertEquals(10, summary.framesRead());
            assertEquals(10, summary.framesProcessed());
            assertEquals(EndReason.FRAME_LIMIT, summary.endReason());
            assertEquals(Optional.of(EndReason.FRAME_LIMIT), s.endReason());
            assertTrue(s.next().isEmpty());
        }
    }

    @Test
    void frameLimitCountsDeliveredFramesWithAFrameStep() throws Exception {
        Path clip = TestVideos.sharedClip(TestVideos.CARS);
        FrameSourceOptions options = FrameSourceOptions.builder().frameStep(3).maxFrames(4).build();
        try (FrameSource s = FrameSources.open(clip.toString(), options)) {
            List<Long> indices = new ArrayList<>();
            Optional<VideoFrame> f;
            while ((f = s.next()).isPresent()) {
                indices.add(f.get().index());
            }
            assertEquals(List.of(0L, 3L, 6L, 9L), indices);
        }
    }

    @Test
    void durationLimitStopsOnMediaTime() throws Exception {
        Path clip = TestVideos.sharedClip(TestVideos.CARS);
        FrameSourceOptions options = FrameSourceOptions.builder().maxDuration(Duration.ofSeconds(2)).build();
        try (FrameSource s = FrameSources.open(clip.toString(), options)) {
            double fps = s.info().fps();
            long expected = (long) Math.ceil(2 * fps);
            assertEquals(expected, s.expectedFrames());
            long n = 0;
            long lastTs = 0;
            Optional<VideoFrame> f;
            while ((f = s.next()).isPresent()) {
                lastTs = f.get().timestampMicros();
                n++;
            }
            assertTrue(lastTs < 2_000_000, "no frame at or after 2 s: " + lastTs);
            assertEquals(expected, n, "2 s at " + fps + " fps");
            assertEquals(Optional.of(EndReason.DURATION_LIMIT), s.endReason());
        }
    }

    @Test
    void limitsLongerThanTheFileEndAtEndOfStream() throws Exception {
        Path clip = TestVideos.sharedClip(TestVideos.CARS);
        FrameSourceOptions options = FrameSourceOptions.builder().frameStep(50).maxFrames(1000)
                .maxDuration(Duration.ofHours(1)).build();
        try (FrameSource s = FrameSources.open(clip.toString(), options)) {
            VideoSummary summary = VideoPipeline.process(s, img -> img, null, null);
            assertEquals((s.info().declaredFrameCount() + 49) / 50, summary.framesRead());
            assertEquals(EndReason.END_OF_STREAM, summary.endReason());
        }
    }

    @Test
    void interruptingTheReadingThreadStopsCleanlyAndKeepsTheFlag() throws Exception {
        Path clip = TestVideos.sharedClip(TestVideos.PEOPLE);
        // With limits (the camera path) and without (plain file).
        for (FrameSourceOptions options : List.of(FrameSourceOptions.builder().maxFrames(100_000).build(),
                FrameSourceOptions.defaults())) {
            try (FrameSource s = FrameSources.open(clip.toString(), options)) {
                List<VideoProgress> reports = new ArrayList<>();
                VideoSummary summary = VideoPipeline.process(s, img -> {
                    if (reports.size() == 6) {
                        Thread.currentThread().interrupt(); // as if another thread interrupted us mid-frame
                    }
                    return img;
                }, null, reports::add);
                assertTrue(Thread.interrupted(), "the interrupt flag is left set for the caller");
                assertEquals(EndReason.INTERRUPTED, summary.endReason());
                assertEquals(7, summary.framesProcessed(), "the frame in progress is finished, then the loop stops");
                assertTrue(reports.get(reports.size() - 1).finished());
            }
        }
    }

    @Test
    void sourceEndsWhenItsThreadIsInterruptedBetweenFrames() throws Exception {
        Path clip = TestVideos.sharedClip(TestVideos.CARS);
        try (FrameSource s = FrameSources.open(clip.toString(), FrameSourceOptions.builder().maxFrames(50).build())) {
            assertTrue(s.next().isPresent());
            Thread.currentThread().interrupt();
            assertTrue(s.next().isEmpty());
            assertEquals(Optional.of(EndReason.INTERRUPTED), s.endReason());
            assertTrue(Thread.interrupted());
            assertTrue(s.next().isEmpty(), "an ended source stays ended");
        }
    }

    @Test
    void anotherThreadCanStopARunningPipeline() throws Exception {
        Path clip = TestVideos.sharedClip(TestVideos.PEOPLE);
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<VideoSummary> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try (FrameSource s = FrameSources.open(clip.toString())) {
                result.set(VideoPipeline.process(s, img -> {
                    // the first frame's "work" lasts until the interrupt arrives (at most 10 s)
                    running.countDown();
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!Thread.currentThread().isInterrupted() && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    return img;
                }, null, null));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "pipeline-worker");
        worker.start();
        assertTrue(running.await(10, TimeUnit.SECONDS));
        worker.interrupt();
        worker.join(10_000);
        assertFalse(worker.isAlive());
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(EndReason.INTERRUPTED, result.get().endReason());
        assertEquals(1, result.get().framesProcessed());
    }
}
