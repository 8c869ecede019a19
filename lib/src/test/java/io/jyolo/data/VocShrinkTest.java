package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.image.Images;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jyolo dataset shrink}: large pictures shrink with their boxes, small ones are copied, the rest is kept. */
class VocShrinkTest {

    @TempDir
    Path tmp;

    /** The bounds of the dark pixels: {xmin, ymin, xmax, ymax} in continuous coordinates. */
    private static int[] darkBounds(BufferedImage img) {
        int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xff) < 125) {
                    b = new int[] {Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x + 1), Math.max(b[3], y + 1)};
                }
            }
        }
        return b;
    }

    private Path source() throws Exception {
        Path src = Fixtures.vocRoot(tmp.resolve("src"), "box");
        BufferedImage big = AugmentationTest.withRectangle(1600, 1000, 400, 200, 800, 600);
        Fixtures.write(src.resolve("JPEGImages/big.jpg"), Fixtures.encode(big, "jpg"));
        Fixtures.xml(src, "big", Fixtures.annotation("big.jpg", 1600, 1000, "box 400 200 800 600"));
        Fixtures.jpeg(src, "small.jpg", 300, 200);
        Fixtures.xml(src, "small", Fixtures.annotation("small.jpg", 300, 200, "box 10 20 110 120 difficult"));
        Fixtures.write(src.resolve("ImageSets/Main/train.txt"), "big\nsmall\n".getBytes());
        return src;
    }

    @Test
    void largePicturesShrinkWithTheirBoxesAndSmallOnesAreCopied() throws Exception {
        Path src = source();
        Path dst = tmp.resolve("dst");
        List<String> progress = new ArrayList<>();
        VocShrink.Result r = VocShrink.run(src, dst, 400, progress::add);
        assertEquals(new VocShrink.Result(2, 1, 0, r.bytesBefore(), r.bytesAfter()), r);
        assertEquals("2 of 2 images", progress.get(progress.size() - 1));

        VocAnnotation big = VocXml.read(dst.resolve("Annotations/big.xml"));
        assertEquals(400, big.width());
        assertEquals(250, big.height());
        assertEquals(new Box(100, 50, 200, 150), big.objects().get(0).box());
        BufferedImage shrunk = Images.read(dst.resolve("JPEGImages/big.jpg"));
        assertEquals(400, shrunk.getWidth());
        assertEquals(250, shrunk.getHeight());
        // the scaled box still encloses the dark rectangle, to a pixel (JPEG and area averaging blur its edge)
        int[] dark = darkBounds(shrunk);
        assertArrayEquals(new int[] {100, 50, 200, 150}, dark);

        assertArrayEquals(Files.readAllBytes(src.resolve("JPEGImages/small.jpg")),
                Files.readAllBytes(dst.resolve("JPEGImages/small.jpg")), "small enough: copied as it is");
        VocAnnotation small = VocXml.read(dst.resolve("Annotations/small.xml"));
        assertEquals(VocXml.read(src.resolve("Annotations/small.xml")), small);
        assertEquals(Files.readString(src.resolve("classes.txt")), Files.readString(dst.resolve("classes.txt")));
        assertEquals("big\nsmall\n", Files.readString(dst.resolve("ImageSets/Main/train.txt")));

        VocDataset copy = VocDataset.open(dst, "train");
        assertEquals(2, copy.size());
        assertTrue(copy.skipped().isEmpty(), copy.skipped().toString());
    }

    @Test
    void trainingOnLargePicturesIsAdvisedToShrinkThem() throws Exception {
        VocDataset ds = VocDataset.open(source(), null);
        String hint = VocShrink.hint(ds.samples(), 256).orElseThrow();
        assertTrue(hint.startsWith("1 of 2 training images are larger than 1024 px on their longer side (largest"
                + " 1600 x 1000, "), hint);
        assertTrue(hint.endsWith("`jyolo dataset shrink SOURCE TARGET` writes a copy at most 896 px to train on"),
                hint);
        assertTrue(VocShrink.hint(ds.samples(), 448).isEmpty(), "1600 is not above 4 x 448");
    }

    @Test
    void refusesToWriteOverAFolderOrIntoItsSource() throws Exception {
        Path src = source();
        Path dst = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(dst.resolve("keep.txt"), "mine");
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> VocShrink.run(src, tmp.resolve("x"), 8, s -> { }));
        assertTrue(small.getMessage().contains("at least 32"), small.getMessage());
        java.io.IOException taken = assertThrows(java.io.IOException.class,
                () -> VocShrink.run(src, dst, 400, s -> { }));
        assertEquals(dst + ": exists and is not an empty folder (shrink writes a new copy)", taken.getMessage());
        assertEquals("mine", Files.readString(dst.resolve("keep.txt")));
    }

    @Test
    void anImageThatCannotBeDecodedIsAnErrorNamingIt() throws Exception {
        Path src = source();
        byte[] big = Files.readAllBytes(src.resolve("JPEGImages/big.jpg"));
        Files.write(src.resolve("JPEGImages/big.jpg"), java.util.Arrays.copyOf(big, big.length / 2));
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> VocShrink.run(src, tmp.resolve("dst"), 400, s -> { }));
        assertTrue(e.getMessage().startsWith(src.resolve("JPEGImages/big.jpg") + ": "), e.getMessage());
    }
}
