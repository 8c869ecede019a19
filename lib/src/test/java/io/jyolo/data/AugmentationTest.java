package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.model.OutputLayout;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentationTest {

    private static final int SIZE = 448;

    @TempDir
    Path tmp;

    /** White image with a filled black rectangle covering pixels [x0, x1) x [y0, y1). */
    static BufferedImage withRectangle(int w, int h, int x0, int y0, int x1, int y1) {
        BufferedImage img = Fixtures.plain(w, h, Color.WHITE);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(x0, y0, x1 - x0, y1 - y0);
        g.dispose();
        return img;
    }

    /**
     * Tight pixel box {xmin, ymin, xmax (exclusive), ymax (exclusive)} of pixels darker than the midpoint
     * between black (-1) and white (+1) in the red plane, or null. Bilinear blending puts that midpoint on the
     * rectangle's true edge; the grey padding (128) is just above it.
     */
    private static int[] darkBounds(float[] chw) {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (chw[y * SIZE + x] < 0f) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x + 1);
                    y1 = Math.max(y1, y + 1);
                }
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1, y1};
    }

    @Test
    void augmentedBoxStillTightlyCoversTheRectangle() {
        BufferedImage img = withRectangle(200, 150, 50, 40, 110, 100);
        List<InputBox> boxes = List.of(new InputBox(0, new Box(50, 40, 110, 100), false));
        // geometry only: exposure changes brightness, not positions, and would move the midpoint threshold
        Augmentation paper = Augmentation.paper().toBuilder().exposure(1f).saturation(1f).build();
        float worst = 0f;
        int kept = 0;
        int flipped = 0;
        for (long seed = 0; seed < 40; seed++) {
            for (ResizeMode mode : ResizeMode.values()) {
                Resize r = Resize.of(mode, 200, 150, SIZE);
                float[] out = new float[Preprocess.floatsPerImage(SIZE)];
                Augmenter.Result res = Augmenter.apply(img, r, boxes, paper, new SplittableRandom(seed), out, 0);
                int[] dark = darkBounds(out);
                if (res.boxes().isEmpty()) {
                    assertEquals(1, res.dropped());
                    continue;
                }
                kept++;
                flipped += res.draw().flip() ? 1 : 0;
                Box b = res.boxes().get(0).box();
                String msg = "seed " + seed + " " + mode + " " + res.draw() + ": box " + b + " vs pixels "
                        + Arrays.toString(dark);
                assertTrue(dark != null, msg);
                float[] edges = {b.xmin(), b.ymin(), b.xmax(), b.ymax()};
                for (int i = 0; i < 4; i++) {
                    assertEquals(edges[i], dark[i], 1f, msg);
                    worst = Math.max(worst, Math.abs(edges[i] - dark[i]));
                }
            }
        }
        System.out.println("augmented box vs rectangle pixels: worst edge error " + worst + " px over " + kept);
        assertTrue(kept > 60, "most draws keep the central rectangle: " + kept);
        assertTrue(flipped > 10 && flipped < kept - 10, "about half flipped: " + flipped + " of " + kept);
    }

    @Test
    void horizontalFlipMirrorsX() {
        BufferedImage img = withRectangle(SIZE, SIZE, 10, 20, 50, 60);
        Augmentation flipOnly = Augmentation.builder().flipProbability(1f).build();
        Resize r = Resize.of(ResizeMode.STRETCH, SIZE, SIZE, SIZE);
        float[] out = new float[Preprocess.floatsPerImage(SIZE)];
        Augmenter.Result res = Augmenter.apply(img, r, List.of(new InputBox(0, new Box(10, 20, 50, 60), false)),
                flipOnly, new SplittableRandom(1), out, 0);
        assertTrue(res.draw().flip());
        assertEquals(new Box(SIZE - 50, 20, SIZE - 10, 60), res.boxes().get(0).box());
        assertArrayEquals(new int[] {398, 20, 438, 60}, darkBounds(out));
        assertEquals(-1f, out[30 * SIZE + 420], 1e-6f); // inside the mirrored rectangle
        assertEquals(1f, out[30 * SIZE + 30], 1e-6f);   // where the rectangle was
    }

    @Test
    void objectsPushedOutOfTheFrameAreDropped() {
        BufferedImage img = withRectangle(SIZE, SIZE, 0, 200, 30, 240);
        // shift right by 10 %: a box that keeps 30 px of width stays; a big shift left removes it
        Augmentation shift = Augmentation.builder().translate(0.2f).minBoxSide(2f).minVisibleFraction(0.2f).build();
        Resize r = Resize.of(ResizeMode.STRETCH, SIZE, SIZE, SIZE);
        List<InputBox> boxes = List.of(new InputBox(0, new Box(0, 200, 30, 240), false),
                new InputBox(1, new Box(100, 100, 300, 300), false));
        int drops = 0;
        for (long seed = 0; seed < 30; seed++) {
            Augmenter.Result res = Augmenter.apply(img, r, boxes, shift, new SplittableRandom(seed),
                    new float[Preprocess.floatsPerImage(SIZE)], 0);
            // the shift the pixels got: the drawn one rounded to whole pixels (AxisWarp)
            double dx = AxisWarp.realise(Augmenter.transform(r, res.draw()), SIZE, SIZE, SIZE).transform()
                    .getTranslateX();
            boolean expectDrop = 30 + dx < 0.2f * 30 || 30 + dx < 2; // visible width of the small box
            assertEquals(expectDrop ? 1 : 0, res.dropped(), "shift " + dx);
            assertEquals(expectDrop ? 1 : 2, res.boxes().size());
            drops += res.dropped();
            for (InputBox b : res.boxes()) {
                assertTrue(b.box().xmin() >= 0 && b.box().xmax() <= SIZE && b.box().ymin() >= 0
                        && b.box().ymax() <= SIZE, "clipped: " + b);
            }
        }
        assertTrue(drops > 0, "some shifts must push the edge box out");
    }

    @Test
    void drawsStayInThePaperRanges() {
        Augmentation a = Augmentation.paper();
        int flips = 0;
        for (long seed = 0; seed < 500; seed++) {
            Augmenter.Draw d = Augmenter.draw(a, SIZE, new SplittableRandom(seed));
            assertTrue(d.scale() >= 0.8f && d.scale() <= 1.2f, d.toString());
            assertTrue(Math.abs(d.shiftX()) <= 0.2f * SIZE && Math.abs(d.shiftY()) <= 0.2f * SIZE, d.toString());
            assertTrue(d.exposure() >= 1 / 1.5f - 1e-6 && d.exposure() <= 1.5f, d.toString());
            assertTrue(d.saturation() >= 1 / 1.5f - 1e-6 && d.saturation() <= 1.5f, d.toString());
            flips += d.flip() ? 1 : 0;
        }
        assertTrue(flips > 200 && flips < 300, "flips " + flips);
        assertThrows(IllegalArgumentException.class, () -> Augmentation.builder().exposure(0.5f).build());
        assertThrows(IllegalArgumentException.class, () -> Augmentation.builder().flipProbability(2f).build());
    }

    @Test
    void hsvExposureAndSaturationByHand() {
        int[] px = {0xFF0000, 0xC86432, 0x808080, 0x000000};
        float[] out = new float[12];
        // saturation x0.5 on pure red: S 1 -> 0.5, V stays 1: (1, 0.5, 0.5)
        Augmenter.writeChwHsv(bgr(px), 2, 1f, 0.5f, out, 0);
        assertEquals(1f, out[0], 1e-6f);
        assertEquals(0f, out[4], 1e-6f);
        assertEquals(0f, out[8], 1e-6f);
        assertEquals(Preprocess.normalise(0x80), out[2], 1e-6f); // grey has no saturation to change
        // exposure x0.5 on (200, 100, 50): hue and saturation kept, every channel halved
        Augmenter.writeChwHsv(bgr(px), 2, 0.5f, 1f, out, 0);
        assertEquals(100 / 255f * 2 - 1, out[1], 1e-5f);
        assertEquals(50 / 255f * 2 - 1, out[5], 1e-5f);
        assertEquals(25 / 255f * 2 - 1, out[9], 1e-5f);
        assertEquals(-1f, out[3], 1e-6f);
        // identity factors reproduce plain preprocessing
        float[] plain = new float[12];
        Preprocess.writeChw(px, 2, plain, 0);
        Augmenter.writeChwHsv(bgr(px), 2, 1f, 1f, out, 0);
        assertArrayEquals(plain, out, 1e-6f);
        // exposure x1.5 clamps at white
        Augmenter.writeChwHsv(bgr(new int[] {0xC8C8C8, 0, 0, 0}), 2, 1.5f, 1f, out, 0);
        assertEquals(1f, out[0], 1e-6f);
    }

    /**
     * The colour jitter against a textbook HSV round trip in double precision (RGB to hue, saturation and
     * value; saturation and value scaled and clamped to 1; back to RGB), over every 8-bit grey level and
     * 20,000 random colours with random factors: at most 1e-6 apart in normalised units (1/8000 of an
     * 8-bit level; measured 3e-7).
     */
    @Test
    void hsvJitterMatchesATextbookHsvRoundTrip() {
        java.util.Random random = new java.util.Random(8);
        int n = 20_000;
        int[] px = new int[n + 256]; // every grey level, then random colours, laid out as a square
        for (int i = 0; i < px.length; i++) {
            px[i] = i < 256 ? i * 0x010101 : random.nextInt(1 << 24);
        }
        int size = (int) Math.ceil(Math.sqrt(px.length));
        int[] square = java.util.Arrays.copyOf(px, size * size);
        float worst = 0;
        for (int trial = 0; trial < 6; trial++) {
            float exposure = trial == 0 ? 1.5f : (float) (1 / 1.5 + random.nextDouble() * (1.5 - 1 / 1.5));
            float saturation = trial == 1 ? 1.5f : (float) (1 / 1.5 + random.nextDouble() * (1.5 - 1 / 1.5));
            float[] out = new float[3 * size * size];
            Augmenter.writeChwHsv(bgr(square), size, exposure, saturation, out, 0);
            int plane = size * size;
            for (int i = 0; i < plane; i++) {
                double[] rgb = hsvJitter(square[i], exposure, saturation);
                for (int c = 0; c < 3; c++) {
                    worst = Math.max(worst, (float) Math.abs(out[c * plane + i] - (2 * rgb[c] - 1)));
                }
            }
        }
        System.out.println("HSV jitter against the textbook round trip: max difference " + worst);
        assertTrue(worst <= 1e-6f, "max difference " + worst);
    }

    /** RGB (0xRRGGBB) to HSV, S and V scaled and clamped to 1, back to RGB in [0, 1]. */
    private static double[] hsvJitter(int rgb, double exposure, double saturation) {
        double r = (rgb >> 16 & 0xff) / 255.0;
        double g = (rgb >> 8 & 0xff) / 255.0;
        double b = (rgb & 0xff) / 255.0;
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        double delta = max - min;
        double h = 0;
        if (delta > 0) {
            if (max == r) {
                h = ((g - b) / delta) % 6;
            } else if (max == g) {
                h = (b - r) / delta + 2;
            } else {
                h = (r - g) / delta + 4;
            }
            h = (h + 6) % 6;
        }
        double s = max > 0 ? delta / max : 0;
        double v = Math.min(1, max * exposure);
        s = Math.min(1, s * saturation);
        double chroma = v * s;
        double x = chroma * (1 - Math.abs(h % 2 - 1));
        double m = v - chroma;
        double[] c = switch ((int) h) {
            case 0 -> new double[] {chroma, x, 0};
            case 1 -> new double[] {x, chroma, 0};
            case 2 -> new double[] {0, chroma, x};
            case 3 -> new double[] {0, x, chroma};
            case 4 -> new double[] {x, 0, chroma};
            default -> new double[] {chroma, 0, x};
        };
        return new double[] {c[0] + m, c[1] + m, c[2] + m};
    }

    /**
     * The full paper augmentation (warp and colour jitter together): the transformed box still encloses
     * the drawn rectangle's pixels, to 1 px, and everything 1 px inside the box is still the rectangle.
     * Black stays black under any exposure and saturation, while the white background and the grey
     * pad stay above a third of white, so "darker than -2/3" finds the rectangle whatever the draw.
     */
    @Test
    void boxStillEnclosesTheRectangleUnderWarpAndColourJitter() {
        BufferedImage img = withRectangle(200, 150, 50, 40, 110, 100);
        List<InputBox> boxes = List.of(new InputBox(0, new Box(50, 40, 110, 100), false));
        int kept = 0;
        int jittered = 0;
        for (long seed = 0; seed < 40; seed++) {
            Resize r = Resize.of(ResizeMode.STRETCH, 200, 150, SIZE);
            float[] out = new float[Preprocess.floatsPerImage(SIZE)];
            Augmenter.Result res = Augmenter.apply(img, r, boxes, Augmentation.paper(), new SplittableRandom(seed), out, 0);
            if (res.boxes().isEmpty()) {
                continue;
            }
            kept++;
            jittered += res.draw().photometric() ? 1 : 0;
            Box b = res.boxes().get(0).box();
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean dark = out[y * SIZE + x] < -2f / 3 && out[SIZE * SIZE + y * SIZE + x] < -2f / 3;
                    boolean nearBox = x + 1 >= b.xmin() - 1 && x <= b.xmax() + 1 && y + 1 >= b.ymin() - 1 && y <= b.ymax() + 1;
                    boolean insideBox = x >= b.xmin() + 1 && x + 1 <= b.xmax() - 1 && y >= b.ymin() + 1 && y + 1 <= b.ymax() - 1;
                    String where = "seed " + seed + " " + res.draw() + " box " + b + " pixel " + x + "," + y;
                    assertTrue(!dark || nearBox, "dark pixel outside the box: " + where);
                    assertTrue(dark || !insideBox, "light pixel inside the box: " + where);
                }
            }
        }
        assertTrue(kept > 30 && jittered == kept, kept + " kept, " + jittered + " with colour jitter");
    }

    /**
     * The fused HSV pass against java.awt's own RGB-HSB-RGB round trip: saturation and value scaled
     * and clamped to 1, hue kept. Allowed: 1 level (java.awt rounds its result to 8 bits).
     */
    @Test
    void hsvPassMatchesTheHsbRoundTrip() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 64 * 64;
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = i < 8 ? new int[] {0, 0xFFFFFF, 0x808080, 0xFF0000, 0x00FF00, 0x0000FF, 0x010203, 0xFEFDFC}[i]
                    : rnd.nextInt(1 << 24);
        }
        float[] out = new float[3 * n];
        float worst = 0f;
        for (float[] f : new float[][] {{1.5f, 1.5f}, {1 / 1.5f, 1.5f}, {1.5f, 1 / 1.5f}, {1 / 1.5f, 1 / 1.5f}, {1.2f, 0.9f}}) {
            Augmenter.writeChwHsv(bgr(px), 64, f[0], f[1], out, 0);
            for (int i = 0; i < n; i++) {
                float[] hsb = Color.RGBtoHSB(px[i] >> 16 & 0xff, px[i] >> 8 & 0xff, px[i] & 0xff, null);
                int want = Color.HSBtoRGB(hsb[0], Math.min(1f, hsb[1] * f[1]), Math.min(1f, hsb[2] * f[0]));
                for (int c = 0; c < 3; c++) {
                    float expected = Preprocess.normalise(want >> (16 - 8 * c) & 0xff);
                    worst = Math.max(worst, Math.abs(out[c * n + i] - expected));
                }
            }
        }
        System.out.println("HSV pass vs java.awt HSB round trip: worst " + worst * 255 / 2 + " levels");
        assertTrue(worst <= 2f / 255 + 1e-5f, "worst " + worst * 255 / 2 + " levels");
    }

    /** Packed {@code 0xRRGGBB} pixels as BGR bytes, the layout of an OpenCV Mat. */
    static byte[] bgr(int[] rgb) {
        byte[] b = new byte[3 * rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            b[3 * i] = (byte) rgb[i];
            b[3 * i + 1] = (byte) (rgb[i] >> 8);
            b[3 * i + 2] = (byte) (rgb[i] >> 16);
        }
        return b;
    }

    @Test
    void noAugmentationIsExactlyThePreprocessingDetectionUses() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "cat");
        BufferedImage img = withRectangle(120, 90, 20, 10, 70, 60);
        Fixtures.write(root.resolve("JPEGImages/a.png"), Fixtures.encode(img, "png"));
        Fixtures.xml(root, "a", Fixtures.annotation("a.png", 120, 90, "cat 20 10 70 60"));
        VocDataset ds = VocDataset.open(root, null);
        for (ResizeMode mode : ResizeMode.values()) {
            SamplePipeline p = new SamplePipeline(ds.classes(), new OutputLayout(7, 2, 1), SIZE, mode,
                    Augmentation.none(), false);
            float[][] xy = p.prepare(ds.get(0), 123);
            float[] expected = Preprocess.toInput(ImageReading.readRgb(ds.get(0).imagePath()), SIZE, mode);
            assertArrayEquals(expected, xy[0], mode.toString());
            float[] image = new float[Preprocess.floatsPerImage(SIZE)];
            SamplePipeline.Prepared prep = p.prepare(ds.get(0), 99, image, 0, new float[p.targetFloats()], 0);
            assertEquals(Resize.of(mode, 120, 90, SIZE).toInput(new Box(20, 10, 70, 60)), prep.boxes().get(0).box());
        }
    }

    @Test
    void sameSeedSameSampleOtherSeedOtherSample() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "cat");
        Fixtures.write(root.resolve("JPEGImages/a.png"), Fixtures.encode(withRectangle(120, 90, 20, 10, 70, 60), "png"));
        Fixtures.xml(root, "a", Fixtures.annotation("a.png", 120, 90, "cat 20 10 70 60"));
        VocDataset ds = VocDataset.open(root, null);
        SamplePipeline p = new SamplePipeline(ds.classes(), new OutputLayout(7, 2, 1), SIZE, ResizeMode.STRETCH,
                Augmentation.paper(), false);
        float[][] a = p.prepare(ds.get(0), 5);
        float[][] b = p.prepare(ds.get(0), 5);
        float[][] c = p.prepare(ds.get(0), 6);
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        assertFalse(Arrays.equals(a[0], c[0]));
    }
}
