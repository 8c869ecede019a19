package io.jyolo.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and truncated videos: undecodable frames are skipped and counted, good ones still come through in order. */
class CorruptFramesTest {

    @TempDir
    Path tmp;

    @Test
    void damageDetectionWorksWithThisJavaCvVersion() {
        assertTrue(DecodeErrors.available(), "FFmpegFrameGrabber's decoded-picture field was not found");
    }

    @Test
    void intactGeneratedClipHasNoSkips() throws Exception {
        Path avi = TestVideos.mjpegAvi(tmp, "ok.avi");
        Result r = readAll(avi);
        assertEquals(30, r.declared);
        assertEquals(30, r.delivered);
        assertEquals(0, r.skipped);
        assertEquals(range(0, 30), r.frames);
    }

    @Test
    void aDestroyedMjpegFrameIsSkippedAndCounted() throws Exception {
        Path avi = TestVideos.mjpegAvi(tmp, "ok.avi");
        byte[] bytes = Files.readAllBytes(avi);
        int start = TestVideos.nthJpegStart(bytes, 10);
        int end = TestVideos.nthJpegStart(bytes, 11);
        assertTrue(start > 0 && end > start, "found frame 10's JPEG");
        Random rnd = new Random(7);
        for (int i = start; i < end - 8; i++) {
            bytes[i] = (byte) rnd.nextInt(); // garbage in place of the whole JPEG, sizes unchanged
        }
        Path bad = Files.write(tmp.resolve("bad-frame.avi"), bytes);
        Result r = readAll(bad);
        System.out.println("damaged MJPEG frame 10: " + r);
        assertEquals(30, r.declared);
        assertEquals(29, r.delivered, "every other frame still decodes");
        assertEquals(1, r.skipped);
        List<Integer> expected = range(0, 30);
        expected.remove(Integer.valueOf(10));
        assertEquals(expected, r.frames, "all frames but 10 come through, in order");
    }

    @Test
    void damagedH264DataIsSkippedAndCounted() throws Exception {
        Path mp4 = tmp.resolve("ok.mp4");
        try (VideoWriter w = VideoWriter.to(mp4).size(320, 240).fps(10).codec(VideoCodec.H264).open()) {
            for (int i = 0; i < 40; i++) {
                w.write(TestVideos.frame(320, 240, i));
            }
        }
        byte[] bytes = Files.readAllBytes(mp4);
        Random rnd = new Random(3);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 400; i++) {
            bytes[i] = (byte) rnd.nextInt();
        }
        Result r = readAll(Files.write(tmp.resolve("bad.mp4"), bytes));
        System.out.println("damaged H.264 data: " + r);
        assertEquals(40, r.declared);
        assertTrue(r.skipped >= 1, "damage detected: " + r);
        assertEquals(r.declared, r.delivered + r.skipped, "every declared frame is delivered or counted");
    }

    @Test
    void truncatedFileEndsCleanlyAndCountsTheMissingFrames() throws Exception {
        Path avi = TestVideos.mjpegAvi(tmp, "ok.avi");
        byte[] bytes = Files.readAllBytes(avi);
        int cut = TestVideos.nthJpegStart(bytes, 18); // frames 0..17 complete, the rest gone
        Result r = readAll(Files.write(tmp.resolve("truncated.avi"), Arrays.copyOf(bytes, cut)));
        System.out.println("truncated after frame 17: " + r);
        assertEquals(30, r.declared, "the header still declares the full length");
        assertEquals(18, r.delivered);
        assertEquals(12, r.skipped);
        assertEquals(range(0, 18), r.frames);
        assertEquals(Optional.of(EndReason.END_OF_STREAM), r.endReason);
    }

    @Test
    void damagedFramesAreCountedInThePipelineSummary() throws Exception {
        Path avi = TestVideos.generate(tmp.resolve("ok.avi"), "avi", avcodec.AV_CODEC_ID_MJPEG, 30, 160, 120, 10);
        byte[] bytes = Files.readAllBytes(avi);
        Path bad = Files.write(tmp.resolve("truncated.avi"), Arrays.copyOf(bytes, TestVideos.nthJpegStart(bytes, 25)));
        try (FrameSource s = FrameSources.open(bad.toString())) {
            VideoSummary summary = VideoPipeline.process(s, img -> img, null, null);
            assertEquals(25, summary.framesProcessed());
            assertEquals(5, summary.skippedCorrupt());
            assertEquals(EndReason.END_OF_STREAM, summary.endReason());
        }
    }

    /** {@code frames}: which generated frame each delivered image shows (read from its index block). */
    private record Result(long declared, long delivered, long skipped, List<Integer> frames,
                          Optional<EndReason> endReason) {
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toList());
    }

    private static Result readAll(Path file) throws Exception {
        try (FrameSource s = FrameSources.open(file.toString())) {
            long delivered = 0;
            long lastIndex = -1;
            List<Integer> frames = new ArrayList<>();
            Optional<VideoFrame> f;
            while ((f = s.next()).isPresent()) {
                VideoFrame frame = f.get();
                assertTrue(frame.index() > lastIndex, "indices increase");
                lastIndex = frame.index();
                delivered++;
                frames.add((int) Math.round((TestVideos.markerOf(frame.image()) - 10) / 8));
            }
            return new Result(s.info().declaredFrameCount(), delivered, s.skippedCorrupt(), frames, s.endReason());
        }
    }
}
