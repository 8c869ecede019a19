package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jyolo.data.Box;
import io.jyolo.detect.Detector;
import io.jyolo.detect.DetectorOptions;
import io.jyolo.detect.SharedClips;
import io.jyolo.detect.TestRuns;
import io.jyolo.eval.DetectionFiles;
import io.jyolo.predict.Detection;
import io.jyolo.video.FrameSource;
import io.jyolo.video.FrameSources;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jyolo detect} end to end: images, folders with bad files, videos, cameras and bad input. */
class DetectCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aFolderWithAnUndecodableImageIsProcessedWithTheBadOneSkippedCountedAndReported() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 3; i++) {
            String name = String.format("synth_%05d.jpg", i);
            Files.copy(TestRuns.data().resolve("JPEGImages").resolve(name), in.resolve(name));
        }
        byte[] jpeg = Files.readAllBytes(in.resolve("synth_00000.jpg"));
        Files.write(in.resolve("broken.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        Files.writeString(in.resolve("notes.txt"), "not an image, not counted");
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("detect", "--run", TestRuns.stretch().toString(), "--input", in.toString(),
                "--out", out.toString(), "--threshold", "0.05", "--batch", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 images, "), r.out());
        assertTrue(r.out().contains("skipped 1 of 4 image(s), unreadable:\n  " + in.resolve("broken.jpg")
                + ": corrupt JPEG: truncated"), r.out());
        assertTrue(r.err().contains("warning: skipped " + in.resolve("broken.jpg")), r.err());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("synth_00000.jpg", "synth_00000.txt", "synth_00001.jpg", "synth_00001.txt",
                    "synth_00002.jpg", "synth_00002.txt"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // the text files hold what the API finds, in original pixels; the pictures keep their size
        try (Detector d = Detector.load(TestRuns.stretch(),
                DetectorOptions.builder().scoreThreshold(0.05f).build())) {
            for (int i = 0; i < 3; i++) {
                String stem = String.format("synth_%05d", i);
                List<Detection> written = DetectionFiles.readFile(out.resolve(stem + ".txt"), d.classes());
                List<Detection> api = d.detect(in.resolve(stem + ".jpg"));
                assertEquals(api.size(), written.size(), stem);
                for (int k = 0; k < api.size(); k++) {
                    // batches of 2 in the CLI, one image here: the same up to float rounding
                    assertEquals(api.get(k).className(), written.get(k).className(), stem);
                    assertEquals(api.get(k).score(), written.get(k).score(), 1e-4f, stem);
                    assertEquals(api.get(k).box().xmin(), written.get(k).box().xmin(), 0.01f, stem);
                    assertEquals(api.get(k).box().ymax(), written.get(k).box().ymax(), 0.01f, stem);
                }
                for (Detection x : written) {
                    Box b = x.box();
                    assertTrue(b.xmin() >= 0 && b.ymin() >= 0 && b.xmax() <= 96 && b.ymax() <= 96, b.toString());
                }
                BufferedImage annotated = ImageIO.read(out.resolve(stem + ".jpg").toFile());
                assertEquals(96, annotated.getWidth());
                assertEquals(96, annotated.getHeight());
            }
        }
    }

    @Test
    void aSingleImage() throws Exception {
        Path image = TestRuns.data().resolve("JPEGImages/synth_00005.jpg");
        Path out = tmp.resolve("one");
        CliRun r = CliRun.of("detect", "--run", TestRuns.letterbox().toString(), "--input", image.toString(),
                "--out", out.toString(), "--threshold", "0", "--top-k", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals(3, DetectionFiles.readFile(out.resolve("synth_00005.txt"), List.of()).size(), "top-k 3");
        assertTrue(Files.size(out.resolve("synth_00005.jpg")) > 0);
    }

    @Test
    void aSharedClipBecomesAnAnnotatedMp4() throws Exception {
        Path clip = SharedClips.clip("cars-top-down.mp4");
        Path out = tmp.resolve("video");
        CliRun r = CliRun.of("detect", "--run", TestRuns.stretch().toString(), "--input", clip.toString(),
                "--out", out.toString(), "--every", "10", "--max-frames", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 frames read, 3 processed, 0 skipped as corrupt"), r.out());
        assertTrue(r.out().contains("frames/s"), r.out());
        try (FrameSource back = FrameSources.open(out.resolve("cars-top-down-detections.mp4").toString())) {
            int n = 0;
            while (back.next().isPresent()) {
                n++;
            }
            assertEquals(3, n);
        }
    }

    @Test
    void unusableVideosAreOneLineErrors() throws Exception {
        Path zero = tmp.resolve("zero.mp4");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(zero.toString(), 64, 48, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            rec.setFrameRate(10);
            rec.start();
            rec.stop();
        }
        expectError(zero, "cannot open video " + zero);

        Path avi = mjpegAvi(tmp.resolve("mjpeg.avi"), 6);
        String s = new String(Files.readAllBytes(avi), StandardCharsets.ISO_8859_1).replace("MJPG", "ZZZZ");
        Path unknown = Files.write(tmp.resolve("unknown-codec.avi"), s.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(expectError(unknown, "unknown video codec").contains("ZZZZ"));

        Path text = Files.writeString(tmp.resolve("notes.mp4"), "this is not a video\n".repeat(50));
        expectError(text, "not a video file");

        Path empty = Files.write(tmp.resolve("empty.avi"), new byte[0]);
        expectError(empty, "file is empty");
    }

    @Test
    void noCameraIsOneClearLine() {
        assumeFalse(Files.exists(Path.of("/dev/video0")), "a camera exists at /dev/video0");
        CliRun r = CliRun.of("detect", "--run", TestRuns.stretch().toString(), "--input", "camera:0",
                "--out", tmp.resolve("cam").toString(), "--max-frames", "10");
        assertEquals(1, r.code());
        assertEquals("jyolo detect: no camera at /dev/video0: device does not exist", r.errors().strip());
    }

    @Test
    void aRunWithoutCheckpointsAndOtherMistakesAreClear() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("untrained/checkpoints"));
        Files.copy(TestRuns.stretch().resolve("config.json"), run.getParent().resolve("config.json"));
        Files.copy(TestRuns.stretch().resolve("classes.txt"), run.getParent().resolve("classes.txt"));
        Path image = TestRuns.data().resolve("JPEGImages/synth_00000.jpg");
        CliRun none = CliRun.of("detect", "--run", run.getParent().toString(), "--input", image.toString(),
                "--out", tmp.resolve("o").toString());
        assertEquals(1, none.code());
        assertOneLine(none.errors());
        assertTrue(none.errors().startsWith("jyolo detect: " + run.getParent() + ": no checkpoint in"), none.err());

        CliRun missing = CliRun.of("detect", "--run", TestRuns.stretch().toString(), "--input",
                tmp.resolve("nope.jpg").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, missing.code());
        assertEquals("jyolo detect: " + tmp.resolve("nope.jpg") + ": input not found", missing.errors().strip());

        Path bad = Files.write(tmp.resolve("bad.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2});
        CliRun unreadable = CliRun.of("detect", "--run", TestRuns.stretch().toString(), "--input", bad.toString(),
                "--out", tmp.resolve("o").toString());
        assertEquals(1, unreadable.code());
        assertOneLine(unreadable.errors());
        assertTrue(unreadable.errors().startsWith("jyolo detect: " + bad + ": corrupt JPEG"), unreadable.err());

        Path folder = Files.createDirectories(tmp.resolve("all-bad"));
        Files.copy(bad, folder.resolve("a.jpg"));
        CliRun allBad = CliRun.of("detect", "--run", TestRuns.stretch().toString(), "--input", folder.toString(),
                "--out", tmp.resolve("o2").toString());
        assertEquals(1, allBad.code());
        assertTrue(allBad.err().contains("jyolo detect: " + folder + ": none of the 1 images could be read"),
                allBad.err());

        assertEquals(2, CliRun.of("detect", "--run", "r", "--input", "i", "--out", "o", "--threshold", "1.5").code());
        assertEquals(2, CliRun.of("detect", "--run", "r", "--input", "i", "--out", "o", "--every", "0").code());
        Path in = TestRuns.data().resolve("JPEGImages");
        CliRun same = CliRun.of("detect", "--run", TestRuns.stretch().toString(), "--input", in.toString(),
                "--out", in.toString());
        assertEquals(2, same.code());
        assertTrue(same.err().contains("--out must not be the input folder"), same.err());
    }

    private String expectError(Path video, String problem) {
        CliRun r = CliRun.of("detect", "--run", TestRuns.stretch().toString(), "--input", video.toString(),
                "--out", tmp.resolve("bad-out").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        String line = r.errors().strip();
        assertOneLine(line);
        assertTrue(line.startsWith("jyolo detect: "), line);
        assertTrue(line.contains(video.toString()), "names the file: " + line);
        assertTrue(line.contains(problem), "says '" + problem + "': " + line);
        return line;
    }

    private static void assertOneLine(String err) {
        assertFalse(err.strip().contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    }

    private static Path mjpegAvi(Path file, int frames) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toString(), 160, 120, 0);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.setFormat("avi");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            rec.setFrameRate(10);
            rec.start();
            for (int i = 0; i < frames; i++) {
                BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = img.createGraphics();
                g.setColor(Color.RED);
                g.fillRect(10 * i, 40, 30, 30);
                g.dispose();
                rec.record(conv.convert(img), avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
        return file;
    }

}
