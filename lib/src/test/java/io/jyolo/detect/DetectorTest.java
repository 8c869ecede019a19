package io.jyolo.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.Box;
import io.jyolo.data.Preprocess;
import io.jyolo.data.Resize;
import io.jyolo.data.ResizeMode;
import io.jyolo.image.Images;
import io.jyolo.image.Mats;
import io.jyolo.predict.Detection;
import io.jyolo.viz.Palette;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/** A detector loaded from real (tiny) training runs: geometry, batching, input kinds, drawing. */
class DetectorTest {

    /** Every predictor's box survives: threshold 0 and no suppression, so whole candidate sets can be compared. */
    private static final DetectorOptions ALL = DetectorOptions.builder().scoreThreshold(0f).nmsIou(1f).build();

    @TempDir
    Path tmp;

    @Test
    void loadsTheRunsNetworkClassesAndBestCheckpoint() throws IOException {
        Path run = TestRuns.stretch();
        try (Detector d = Detector.load(run)) {
            assertEquals(128, d.model().inputSize());
            assertEquals(List.of("circle", "square", "triangle", "star", "hexagon"), d.classes());
            assertEquals(ResizeMode.STRETCH, d.resizeMode());
            assertEquals(run.resolve("checkpoints/best.ckpt"), d.checkpoint());
            assertEquals(DetectorOptions.DEFAULT_THRESHOLD, d.options().scoreThreshold());
            assertTrue(d.describe().contains("FAST at 128 px"), d.describe());
        }
        Path epoch1 = run.resolve("checkpoints/epoch-00001.ckpt");
        try (Detector d = Detector.load(run, epoch1)) {
            assertEquals(epoch1, d.checkpoint());
        }
        try (Detector d = Detector.load(TestRuns.letterbox())) {
            assertEquals(ResizeMode.LETTERBOX, d.resizeMode());
        }
        Path lastOnly = copyRun(run, tmp.resolve("last-only"), true);
        Files.delete(lastOnly.resolve("checkpoints/best.ckpt"));
        try (Detector d = Detector.load(lastOnly)) {
            assertEquals(lastOnly.resolve("checkpoints/last.ckpt"), d.checkpoint(), "no best.ckpt: last.ckpt");
        }
    }

    @Test
    void stretchRunBoxesAreInOriginalPixelsOfANonSquareImage() throws IOException {
        BufferedImage original = scaled(sample(0), 300, 180);
        try (Detector d = Detector.load(TestRuns.stretch(), ALL)) {
            // the network input of the 300x180 picture, as a 128x128 picture: fed back in, it is the same input
            BufferedImage input = Preprocess.geometry(original, 128, ResizeMode.STRETCH).apply(original);
            List<Detection> onOriginal = d.detect(original);
            List<Detection> onInput = d.detect(input);
            assertEquals(8, onInput.size(), "S=2 x S=2 cells x B=2 predictors, nothing suppressed");
            assertSameDetections(onInput.stream().map(x -> scale(x, 300f / 128, 180f / 128)).toList(), onOriginal, 0.05f);
            for (Detection x : onOriginal) {
                assertInside(x.box(), 300, 180);
            }
            assertTrue(onOriginal.stream().anyMatch(x -> x.box().xmax() > 128 || x.box().ymax() > 128),
                    "some box extends past the 128 px input: coordinates are original pixels");
        }
    }

    @Test
    void letterboxRunBoxesAreInOriginalPixelsOfWideAndTallImages() throws IOException {
        try (Detector d = Detector.load(TestRuns.letterbox(), ALL)) {
            for (boolean wide : new boolean[] {true, false}) {
                // 256x128 (or 128x256) with grey borders, and the same picture padded to a square with the
                // letterbox grey: both become the same network input, so their boxes differ by the padding only
                BufferedImage original = withGreyBorder(scaled(sample(1), wide ? 256 : 128, wide ? 128 : 256));
                BufferedImage square = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = square.createGraphics();
                g.setColor(Resize.PAD);
                g.fillRect(0, 0, 256, 256);
                int dx = wide ? 0 : 64;
                int dy = wide ? 64 : 0;
                g.drawImage(original, dx, dy, null);
                g.dispose();
                List<Detection> onOriginal = d.detect(original);
                List<Detection> expected = new ArrayList<>();
                for (Detection x : d.detect(square)) {
                    Box b = x.box();
                    Box moved = new Box(b.xmin() - dx, b.ymin() - dy, b.xmax() - dx, b.ymax() - dy)
                            .clip(original.getWidth(), original.getHeight());
                    if (moved.area() > 0) {
                        expected.add(new Detection(x.classIndex(), x.className(), x.score(), moved));
                    }
                }
                assertFalse(onOriginal.isEmpty());
                assertSameDetections(expected, onOriginal, 0.05f);
                for (Detection x : onOriginal) {
                    assertInside(x.box(), original.getWidth(), original.getHeight());
                }
            }
        }
    }

    @Test
    void aBatchGivesOneListPerImageEqualToSingleImages() throws IOException {
        DetectorOptions pairs = ALL.toBuilder().batchSize(2).build(); // 5 images: batches of 2, 2 and 1
        List<BufferedImage> images = List.of(scaled(sample(0), 200, 120), sample(1), scaled(sample(2), 90, 160),
                sample(3), scaled(sample(4), 128, 128));
        try (Detector d = Detector.load(TestRuns.stretch(), pairs)) {
            List<List<Detection>> batch = d.detect(images);
            assertEquals(images.size(), batch.size());
            for (int i = 0; i < images.size(); i++) {
                assertEquals(8, batch.get(i).size(), "image " + i + " decoded");
                assertSameDetections(d.detect(images.get(i)), batch.get(i), 0.01f);
            }
            assertFalse(batch.get(0).equals(batch.get(1)), "different images, different detections");
        }
    }

    @Test
    void matFileAndImageInputsGiveTheSameDetections() throws IOException {
        BufferedImage rgb = scaled(sample(2), 210, 150);
        Path png = tmp.resolve("picture.png");
        ImageIO.write(rgb, "png", png.toFile());
        BufferedImage bgr = Images.read(png);
        try (Detector d = Detector.load(TestRuns.letterbox(), ALL)) {
            List<Detection> fromImage = d.detect(rgb);
            assertEquals(fromImage, d.detect(bgr), "BGR picture");
            assertEquals(fromImage, d.detect(png), "file");
            Mat mat = Mats.toBgrMat(rgb);
            try {
                assertEquals(fromImage, d.detect(mat), "OpenCV Mat");
            } finally {
                mat.release();
            }
            assertEquals(fromImage, d.annotate(png).detections());
        }
    }

    @Test
    void drawingPutsEachBoxWhereItsDetectionIs() throws IOException {
        BufferedImage picture = scaled(sample(3), 320, 200);
        try (Detector d = Detector.load(TestRuns.stretch(), ALL)) {
            Detection best = d.detect(picture).stream()
                    .filter(x -> x.box().width() > 40 && x.box().height() > 40)
                    .max(Comparator.comparingDouble(Detection::score)).orElseThrow();
            DetectionResult result = new DetectionResult(picture, List.of(best), "sample");
            BufferedImage drawn = result.image();
            int colour = Palette.of(best.classIndex()).getRGB() & 0xFFFFFF;
            Box b = best.box();
            int x0 = Math.round(b.xmin());
            int x1 = Math.round(b.xmax()) - 1;
            int y0 = Math.round(b.ymin());
            int y1 = Math.round(b.ymax()) - 1;
            int midY = (y0 + y1) / 2;
            int midX = (x0 + x1) / 2;
            assertEquals(colour, drawn.getRGB(x0, midY) & 0xFFFFFF, "left edge");
            assertEquals(colour, drawn.getRGB(x1, midY) & 0xFFFFFF, "right edge");
            assertEquals(colour, drawn.getRGB(midX, y1) & 0xFFFFFF, "bottom edge");
            assertEquals(picture.getRGB(midX, midY), drawn.getRGB(midX, midY), "inside untouched");
            if (x0 > 3) {
                assertEquals(picture.getRGB(x0 - 3, midY), drawn.getRGB(x0 - 3, midY), "outside untouched");
            }
            assertEquals(picture.getWidth(), drawn.getWidth());
            Path saved = result.save(tmp.resolve("out/drawn.png"));
            BufferedImage back = ImageIO.read(saved.toFile());
            assertEquals(colour, back.getRGB(x0, midY) & 0xFFFFFF);
            assertTrue(result.toString().startsWith("sample (320x200): 1 detection: " + best.className()),
                    result.toString());
        }
    }

    @Test
    void runFoldersThatCannotDetectSayWhy() throws IOException {
        IOException missing = assertThrows(IOException.class, () -> Detector.load(tmp.resolve("nope")));
        assertEquals(tmp.resolve("nope") + ": run folder does not exist", missing.getMessage());

        IOException notRun = assertThrows(IOException.class, () -> Detector.load(tmp));
        assertTrue(notRun.getMessage().contains("not a run folder (no config.json)"), notRun.getMessage());

        Path noCheckpoints = copyRun(TestRuns.stretch(), tmp.resolve("untrained"), false);
        IOException none = assertThrows(IOException.class, () -> Detector.load(noCheckpoints));
        assertTrue(none.getMessage().startsWith(noCheckpoints + ": no checkpoint in "), none.getMessage());
        assertTrue(none.getMessage().contains("train or resume the run first"), none.getMessage());

        IOException named = assertThrows(IOException.class,
                () -> Detector.load(TestRuns.stretch(), tmp.resolve("x.ckpt")));
        assertEquals(tmp.resolve("x.ckpt") + ": checkpoint file not found", named.getMessage());

        Path wrongClasses = copyRun(TestRuns.stretch(), tmp.resolve("renamed"), true);
        Files.writeString(wrongClasses.resolve("classes.txt"), "a\nb\nc\nd\ne\n");
        IOException mismatch = assertThrows(IOException.class, () -> Detector.load(wrongClasses));
        assertTrue(mismatch.getMessage().contains("was trained with classes [circle, square"), mismatch.getMessage());

        Path damaged = copyRun(TestRuns.stretch(), tmp.resolve("damaged"), true);
        Path best = damaged.resolve("checkpoints/best.ckpt");
        byte[] bytes = Files.readAllBytes(best);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(best, bytes);
        try (Detector d = Detector.load(damaged)) {
            assertEquals(damaged.resolve("checkpoints/last.ckpt"), d.checkpoint(), "damaged best.ckpt skipped");
        }
        IOException explicit = assertThrows(IOException.class, () -> Detector.load(damaged, best));
        assertTrue(explicit.getMessage().contains("checksum mismatch"), explicit.getMessage());
    }

    @Test
    void aClosedDetectorRefusesWork() throws IOException {
        Detector d = Detector.load(TestRuns.stretch());
        d.close();
        d.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.detect(sample(0)));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    // ---- helpers

    static BufferedImage sample(int index) throws IOException {
        return Images.readRgb(TestRuns.data().resolve("JPEGImages").resolve(String.format("synth_%05d.jpg", index)));
    }

    static BufferedImage scaled(BufferedImage image, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** A 4-pixel frame in the letterbox grey, so edge sampling sees the same grey as the padding. */
    private static BufferedImage withGreyBorder(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(Resize.PAD.getRGB()));
        int w = image.getWidth();
        int h = image.getHeight();
        g.fillRect(0, 0, w, 4);
        g.fillRect(0, h - 4, w, 4);
        g.fillRect(0, 0, 4, h);
        g.fillRect(w - 4, 0, 4, h);
        g.dispose();
        return image;
    }

    private static Detection scale(Detection d, float sx, float sy) {
        return new Detection(d.classIndex(), d.className(), d.score(), d.box().scale(sx, sy));
    }

    /** Same classes, scores within 1e-4 and corners within {@code tolerance} pixels, in the same order. */
    private static void assertSameDetections(List<Detection> expected, List<Detection> actual, float tolerance) {
        assertEquals(expected.size(), actual.size(), () -> "expected " + expected + "\nactual   " + actual);
        for (int i = 0; i < expected.size(); i++) {
            Detection e = expected.get(i);
            Detection a = actual.get(i);
            String msg = "detection " + i + ": expected " + e + ", got " + a;
            assertEquals(e.className(), a.className(), msg);
            assertEquals(e.score(), a.score(), 1e-4f, msg);
            assertEquals(e.box().xmin(), a.box().xmin(), tolerance, msg);
            assertEquals(e.box().ymin(), a.box().ymin(), tolerance, msg);
            assertEquals(e.box().xmax(), a.box().xmax(), tolerance, msg);
            assertEquals(e.box().ymax(), a.box().ymax(), tolerance, msg);
        }
    }

    private static void assertInside(Box b, int w, int h) {
        assertTrue(b.xmin() >= 0 && b.ymin() >= 0 && b.xmax() <= w && b.ymax() <= h && b.area() > 0, b.toString());
    }

    /** The run's files, with or without its checkpoints folder. */
    static Path copyRun(Path run, Path to, boolean withCheckpoints) throws IOException {
        Files.createDirectories(to.resolve("checkpoints"));
        Files.copy(run.resolve("config.json"), to.resolve("config.json"));
        Files.copy(run.resolve("classes.txt"), to.resolve("classes.txt"));
        if (withCheckpoints) {
            for (String f : new String[] {"best.ckpt", "last.ckpt"}) {
                Files.copy(run.resolve("checkpoints").resolve(f), to.resolve("checkpoints").resolve(f));
            }
        }
        return to;
    }
}
