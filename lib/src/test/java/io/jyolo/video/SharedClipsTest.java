package io.jyolo.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reads both sample clips in full through the project API and compares with what their containers declare. */
class SharedClipsTest {

    @Test
    void carsClipDecodesEveryDeclaredFrame() throws Exception {
        // NOTICE.md: H.264 Baseline + AAC audio, 768x432, ~12.5 fps, 30 s
        decodeAll(TestVideos.sharedClip(TestVideos.CARS), 12.5, 30);
    }

    @Test
    void peopleClipDecodesEveryDeclaredFrame() throws Exception {
        // NOTICE.md: H.264 Main, 768x432, ~10 fps, 139 s, no audio
        decodeAll(TestVideos.sharedClip(TestVideos.PEOPLE), 10, 139);
    }

    private static void decodeAll(Path clip, double noticeFps, double noticeSeconds) throws Exception {
        long start = System.nanoTime();
        try (FrameSource source = FrameSources.open(clip.toString())) {
            VideoInfo info = source.info();
            assertEquals(768, info.width());
            assertEquals(432, info.height());
            assertEquals("h264", info.codec());
            assertEquals(noticeFps, info.fps(), 0.05);
            assertTrue(info.hasDeclaredFrameCount(), "MP4 declares its frame count");
            assertEquals(noticeSeconds, info.declaredFrameCount() / info.fps(), 1.0);
            assertEquals(info.declaredFrameCount(), source.expectedFrames());

            long count = 0;
            long lastTimestamp = -1;
            Optional<VideoFrame> next;
            while ((next = source.next()).isPresent()) {
                VideoFrame f = next.get();
                assertEquals(count, f.index());
                assertTrue(f.timestampMicros() > lastTimestamp, "timestamps increase");
                lastTimestamp = f.timestampMicros();
                assertEquals(BufferedImage.TYPE_3BYTE_BGR, f.image().getType());
                assertEquals(768, f.image().getWidth());
                assertEquals(432, f.image().getHeight());
                count++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s: declared %d frames, decoded %d in %.2f s = %.0f frames/s (open + decode + BGR copy)%n",
                    clip.getFileName(), info.declaredFrameCount(), count, seconds, count / seconds);
            assertEquals(info.declaredFrameCount(), count, "decoded frames = declared frames");
            assertEquals(0, source.skippedCorrupt());
            assertEquals(Optional.of(EndReason.END_OF_STREAM), source.endReason());
            assertTrue(source.next().isEmpty(), "stays at the end");
            assertEquals(noticeSeconds, lastTimestamp / 1e6, 1.0);
        }
    }

    @Test
    void frameStepDeliversEveryNthFrameWithTheSamePixels() throws Exception {
        Path clip = TestVideos.sharedClip(TestVideos.CARS);
        byte[] frame10;
        try (FrameSource all = FrameSources.open(clip.toString(), FrameSourceOptions.builder().maxFrames(11).build())) {
            VideoFrame f = null;
            for (int i = 0; i <= 10; i++) {
                f = all.next().orElseThrow();
            }
            assertEquals(10, f.index());
            frame10 = bytes(f.image());
        }
        try (FrameSource every5 = FrameSources.open(clip.toString(), FrameSourceOptions.builder().frameStep(5).build())) {
            long declared = every5.info().declaredFrameCount();
            assertEquals((declared + 4) / 5, every5.expectedFrames());
            assertEquals(every5.info().fps() / 5, every5.outputFps(), 1e-9);
            long n = 0;
            Optional<VideoFrame> next;
            while ((next = every5.next()).isPresent()) {
                assertEquals(5 * n, next.get().index());
                if (next.get().index() == 10) {
                    assertArrayEquals(frame10, bytes(next.get().image()), "frame 10 is the same frame either way");
                }
                n++;
            }
            assertEquals(every5.expectedFrames(), n);
        }
    }

    private static byte[] bytes(BufferedImage img) {
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    }
}
