package io.jyolo.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jyolo.video.EndReason;
import io.jyolo.video.FrameSource;
import io.jyolo.video.FrameSourceOptions;
import io.jyolo.video.FrameSources;
import io.jyolo.video.VideoException;
import io.jyolo.video.VideoProgress;
import io.jyolo.video.VideoWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection on video files (the shared clips and generated ones) and the camera path. */
class VideoDetectionTest {

    private static Detector detector;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        detector = Detector.load(TestRuns.stretch(), DetectorOptions.builder().scoreThreshold(0f).build());
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    @Test
    void bothSharedClipsGoThroughDetectionIntoAnMp4WithTheExpectedFrames() throws Exception {
        for (String name : new String[] {"people-walking.mp4", "cars-top-down.mp4"}) {
            Path clip = SharedClips.clip(name);
            Path out = tmp.resolve(name.replace(".mp4", "-detections.mp4"));
            FrameSourceOptions every10 = FrameSourceOptions.builder().frameStep(10).maxFrames(5).build();
            List<VideoProgress> reports = new ArrayList<>();
            VideoDetection.Summary s = VideoDetection.run(detector, clip.toString(), every10, out, reports::add);
            System.out.println(name + ": " + s);
            assertEquals(5, s.video().framesProcessed());
            assertEquals(EndReason.FRAME_LIMIT, s.video().endReason());
            assertEquals(0, s.video().skippedCorrupt());
            assertTrue(s.detections() >= 5, "threshold 0: boxes on every frame");
            assertTrue(reports.get(reports.size() - 1).finished());
            assertTrue(reports.get(reports.size() - 1).framesPerSecond() > 0);
            assertEquals(out, s.output());
            try (FrameSource back = FrameSources.open(out.toString())) {
                assertEquals(768, back.info().width());
                assertEquals(432, back.info().height());
                assertEquals(5, count(back), "the annotated MP4 holds every processed frame");
            }
            try (FrameSource source = FrameSources.open(clip.toString())) {
                double expectedFps = source.info().fps() / 10;
                try (FrameSource back = FrameSources.open(out.toString())) {
                    assertEquals(expectedFps, back.info().fps(), 0.05, "every 10th frame: a tenth of the frame rate");
                }
            }
        }
    }

    @Test
    void theEndOfAFileEndsTheRunCleanly() throws Exception {
        Path clip = smallClip(tmp.resolve("short.mp4"), 12);
        Path out = tmp.resolve("short-detections.mp4");
        VideoDetection.Summary s = VideoDetection.run(detector, clip.toString(), FrameSourceOptions.defaults(), out, null);
        assertEquals(12, s.video().framesProcessed());
        assertEquals(EndReason.END_OF_STREAM, s.video().endReason());
        try (FrameSource back = FrameSources.open(out.toString())) {
            assertEquals(12, count(back));
        }
    }

    @Test
    void theFrameListenerSeesEveryProcessedFrameAnnotatedAndTheOutputFolderIsCreated() throws Exception {
        Path clip = smallClip(tmp.resolve("listened.mp4"), 9);
        Path out = tmp.resolve("new/folder/listened-detections.mp4");
        List<Long> indices = new ArrayList<>();
        long[] seen = {0};
        VideoDetection.Summary s = VideoDetection.run(detector, clip.toString(),
                FrameSourceOptions.builder().frameStep(3).build(), out, null, (frame, annotated, found) -> {
                    indices.add(frame.index());
                    seen[0] += found.size();
                    assertEquals(frame.image().getWidth(), annotated.getWidth());
                    assertFalse(found.isEmpty(), "threshold 0: boxes on every frame");
                    assertFalse(Arrays.equals(pixels(frame.image()), pixels(annotated)), "boxes drawn");
                });
        assertEquals(List.of(0L, 3L, 6L), indices, "the source's frame numbers");
        assertEquals(s.detections(), seen[0]);
        assertTrue(Files.isRegularFile(out));
        try (FrameSource back = FrameSources.open(out.toString())) {
            assertEquals(3, count(back));
        }
    }

    /** A 160 x 120 clip of {@code frames} generated frames at 10 frames/s. */
    private static Path smallClip(Path file, int frames) throws IOException {
        try (VideoWriter w = VideoWriter.to(file).size(160, 120).fps(10).open()) {
            for (int i = 0; i < frames; i++) {
                w.write(frame(160, 120, i));
            }
        }
        return file;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void corruptFramesAreSkippedAndCounted() throws Exception {
        Path avi = tmp.resolve("ok.avi");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(avi.toString(), 160, 120, 0);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.setFormat("avi");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            r.setFrameRate(10);
            r.start();
            for (int i = 0; i < 20; i++) {
                r.record(conv.convert(frame(160, 120, i)), avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        byte[] bytes = Files.readAllBytes(avi);
        int frame8 = nthJpegStart(bytes, 8);
        int frame9 = nthJpegStart(bytes, 9);
        int frame16 = nthJpegStart(bytes, 16);
        Arrays.fill(bytes, frame8, frame9 - 8, (byte) 0); // frame 8 destroyed, sizes unchanged
        Path bad = Files.write(tmp.resolve("bad.avi"), Arrays.copyOf(bytes, frame16)); // and cut after frame 15
        VideoDetection.Summary s = VideoDetection.run(detector, bad.toString(), FrameSourceOptions.defaults(),
                tmp.resolve("bad-detections.mp4"), null);
        System.out.println("damaged clip: " + s);
        assertEquals(15, s.video().framesProcessed(), "frames 0..15 without 8");
        assertEquals(5, s.video().skippedCorrupt(), "frame 8 and the 4 frames cut off");
        assertEquals(EndReason.END_OF_STREAM, s.video().endReason());
    }

    @Test
    void anInterruptStopsTheRunAndLeavesAPlayableFile() throws Exception {
        Path clip = SharedClips.clip("cars-top-down.mp4");
        Path out = tmp.resolve("interrupted.mp4");
        VideoDetection.Summary s;
        try {
            s = VideoDetection.run(detector, clip.toString(), FrameSourceOptions.builder().frameStep(5).build(), out,
                    p -> {
                        if (p.framesProcessed() == 3 && !p.finished()) {
                            Thread.currentThread().interrupt(); // what Ctrl-C does to the CLI's loop
                        }
                    });
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag is left set for the caller");
        }
        assertEquals(EndReason.INTERRUPTED, s.video().endReason());
        assertEquals(3, s.video().framesProcessed());
        try (FrameSource back = FrameSources.open(out.toString())) {
            assertEquals(3, count(back));
        }
    }

    @Test
    void noCameraIsOneClearLine() {
        assumeFalse(Files.exists(Path.of("/dev/video0")), "a camera exists at /dev/video0");
        Path out = tmp.resolve("camera.mp4");
        VideoException e = assertThrows(VideoException.class, () -> VideoDetection.run(detector, "camera:0",
                FrameSourceOptions.builder().maxFrames(10).build(), out, null));
        assertEquals("no camera at /dev/video0: device does not exist", e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    private static long count(FrameSource source) throws VideoException {
        long n = 0;
        while (source.next().isPresent()) {
            n++;
        }
        return n;
    }

    private static BufferedImage frame(int w, int h, int index) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(60, 60, 60));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.RED);
        g.fillOval(20 + 5 * index, h / 2 - 20, 40, 40);
        g.dispose();
        return img;
    }

    private static int nthJpegStart(byte[] bytes, int n) {
        int seen = 0;
        for (int i = 0; i + 2 < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xD8 && (bytes[i + 2] & 0xFF) == 0xFF
                    && seen++ == n) {
                return i;
            }
        }
        throw new IllegalStateException("no JPEG number " + n);
    }
}
