package io.jyolo.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes annotated videos and reads them back. */
class VideoWriterTest {

    @TempDir
    Path tmp;

    @Test
    void autoCodecIsH264WithTheBundledFfmpeg() {
        System.out.println("H.264 encoder: " + VideoCodec.H264.encoderName() + ", MPEG-4 encoder: "
                + VideoCodec.MPEG4.encoderName() + ", AUTO -> " + VideoCodec.AUTO.resolve());
        assertTrue(VideoCodec.MPEG4.available(), "FFmpeg's own mpeg4 encoder is always built in");
        assertEquals(VideoCodec.H264.available() ? VideoCodec.H264 : VideoCodec.MPEG4, VideoCodec.AUTO.resolve());
    }

    /** The detector's use: source -> draw a box on every frame -> MP4 with the source fps; reads back frame for frame. */
    @Test
    void annotatedCarsClipReadsBackWithTheSameFrameCount() throws Exception {
        Path clip = TestVideos.sharedClip(TestVideos.CARS);
        Path out = tmp.resolve("out/annotated.mp4");
        List<VideoProgress> reports = new ArrayList<>();
        VideoSummary summary;
        long declared;
        String encoder;
        try (FrameSource source = FrameSources.open(clip.toString());
             VideoWriter writer = VideoWriter.forSource(out, source)) {
            declared = source.info().declaredFrameCount();
            encoder = writer.encoderName();
            summary = VideoPipeline.process(source, VideoWriterTest::drawBox, writer, reports::add);
            assertEquals(declared, writer.framesWritten());
        }
        System.out.printf(Locale.ROOT, "annotated %s with %s: %s%n", clip.getFileName(), encoder, summary);
        assertEquals(declared, summary.framesRead());
        assertEquals(declared, summary.framesProcessed());
        assertEquals(0, summary.skippedCorrupt());
        assertEquals(EndReason.END_OF_STREAM, summary.endReason());

        assertEquals(declared + 1, reports.size(), "one report per frame and a final one");
        VideoProgress last = reports.get(reports.size() - 1);
        assertTrue(last.finished());
        assertEquals(1.0, last.fraction(), 1e-9);
        for (int i = 0; i < declared; i++) {
            assertEquals(i + 1, reports.get(i).framesProcessed());
            assertEquals(declared, reports.get(i).expectedFrames());
            assertFalse(reports.get(i).finished());
        }

        String head = new String(java.util.Arrays.copyOf(Files.readAllBytes(out), 4096), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(head.contains("moov"), "MP4 index written first (faststart)");
        try (FrameSource back = FrameSources.open(out.toString())) {
            assertEquals(768, back.info().width());
            assertEquals(432, back.info().height());
            assertEquals(12.5, back.info().fps(), 0.01);
            assertEquals(declared, back.info().declaredFrameCount());
            long n = 0;
            Optional<VideoFrame> f;
            while ((f = back.next()).isPresent()) {
                if (n % 50 == 0) {
                    assertBoxIsRed(f.get().image());
                }
                n++;
            }
            assertEquals(declared, n, "every written frame decodes");
            assertEquals(0, back.skippedCorrupt());
        }
    }

    @Test
    void mpeg4AndOddSizesWork() throws Exception {
        Path out = tmp.resolve("odd.mp4");
        try (VideoWriter w = VideoWriter.to(out).size(161, 121).fps(7).codec(VideoCodec.MPEG4).open()) {
            assertEquals("mpeg4", w.encoderName());
            for (int i = 0; i < 20; i++) {
                w.write(TestVideos.frame(161, 121, i));
            }
        }
        try (FrameSource back = FrameSources.open(out.toString())) {
            assertEquals("mpeg4", back.info().codec());
            assertEquals(162, back.info().width(), "odd sizes are rounded up to even");
            assertEquals(122, back.info().height());
            assertEquals(7, back.info().fps(), 0.01);
            long n = 0;
            Optional<VideoFrame> f;
            while ((f = back.next()).isPresent()) {
                assertEquals(TestVideos.marker(n), TestVideos.markerOf(f.get().image()), 8, "frame " + n + " in order");
                n++;
            }
            assertEquals(20, n);
        }
    }

    @Test
    void wrongFrameSizeIsRejectedAndCloseIsIdempotent() throws Exception {
        Path out = tmp.resolve("size.mp4");
        VideoWriter w = VideoWriter.to(out).size(64, 48).fps(10).open();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> w.write(new BufferedImage(32, 48, BufferedImage.TYPE_INT_RGB)));
        assertTrue(e.getMessage().contains("32x48") && e.getMessage().contains("64x48"), e.getMessage());
        w.write(TestVideos.frame(64, 48, 0));
        w.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB)); // any image type is accepted
        w.close();
        w.close();
        assertThrows(IllegalStateException.class, () -> w.write(TestVideos.frame(64, 48, 1)));
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void unwritableTargetGivesAClearError() {
        Path out = tmp.resolve("clip.notacontainer");
        VideoException e = assertThrows(VideoException.class, () -> VideoWriter.to(out).size(64, 48).fps(10).open());
        System.out.println("message: " + e.getMessage());
        assertTrue(e.getMessage().contains(out.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    static BufferedImage drawBox(BufferedImage frame) {
        Graphics2D g = frame.createGraphics();
        g.setColor(Color.RED);
        g.setStroke(new BasicStroke(8));
        g.drawRect(100, 100, 200, 120);
        g.dispose();
        return frame;
    }

    /** The middle of the box's 8-pixel top edge is still clearly red after encoding. */
    private static void assertBoxIsRed(BufferedImage img) {
        int rgb = img.getRGB(200, 100);
        int r = (rgb >> 16) & 255;
        int g = (rgb >> 8) & 255;
        int b = rgb & 255;
        assertTrue(r > 180 && g < 80 && b < 80, "box edge colour r=" + r + " g=" + g + " b=" + b);
    }
}
