package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.model.OutputLayout;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoded-image cache: same pixels as decoding, within its budget, and a changed file decoded again. */
class DecodedImagesTest {

    @TempDir
    Path dir;

    @Test
    void aSecondReadComesFromMemoryWithTheDecodersPixels() throws IOException {
        Path a = jpeg("a.jpg", 40, 30, 1);
        DecodedImages cache = new DecodedImages(1 << 20);
        BufferedImage first = cache.read(a);
        BufferedImage second = cache.read(a);
        assertSame(first, second);
        assertEquals(1, cache.hits());
        assertEquals(1, cache.misses());
        assertEquals(3L * 40 * 30, cache.usedBytes());
        assertArrayEquals(pixels(ImageReading.readBgr(a)), pixels(second));
    }

    @Test
    void imagesBeyondTheBudgetAreDecodedEveryTimeAndABudgetOfZeroKeepsNothing() throws IOException {
        Path a = jpeg("a.jpg", 40, 30, 1);
        Path b = jpeg("b.jpg", 40, 30, 2);
        DecodedImages cache = new DecodedImages(3L * 40 * 30 + 10); // room for one
        cache.read(a);
        cache.read(b);
        cache.read(a);
        BufferedImage b1 = cache.read(b);
        assertEquals(1, cache.size());
        assertEquals(1, cache.hits());
        assertEquals(3, cache.misses());
        assertNotSame(b1, cache.read(b));
        assertArrayEquals(pixels(ImageReading.readBgr(b)), pixels(b1));

        DecodedImages off = new DecodedImages(0);
        off.read(a);
        off.read(a);
        assertEquals(0, off.size());
        assertEquals(0, off.hits());
        assertThrows(IllegalArgumentException.class, () -> new DecodedImages(-1));
    }

    @Test
    void aFileChangedOnDiskIsDecodedAgain() throws IOException {
        Path a = jpeg("a.jpg", 40, 30, 1);
        DecodedImages cache = new DecodedImages(1 << 20);
        byte[] before = pixels(cache.read(a));
        jpeg("a.jpg", 40, 30, 7);
        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 5000));
        byte[] after = pixels(cache.read(a));
        assertEquals(2, cache.misses());
        assertArrayEquals(pixels(ImageReading.readBgr(a)), after);
        assertTrue(!java.util.Arrays.equals(before, after), "the new file's pixels");
    }

    @Test
    void aBadBudgetSettingIsAClearError() {
        String old = System.getProperty(DecodedImages.PROPERTY);
        try {
            System.setProperty(DecodedImages.PROPERTY, "lots");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, DecodedImages::configuredBudget);
            assertTrue(e.getMessage().contains("-Djyolo.decodeCacheMb=lots"), e.getMessage());
            System.setProperty(DecodedImages.PROPERTY, "64");
            assertEquals(64L << 20, DecodedImages.configuredBudget());
        } finally {
            if (old == null) {
                System.clearProperty(DecodedImages.PROPERTY);
            } else {
                System.setProperty(DecodedImages.PROPERTY, old);
            }
        }
    }

    /** Two augmented epochs give the same batches whether the images come from memory or from the files. */
    @Test
    void trainingBatchesAreTheSameWithAndWithoutTheCache() throws IOException {
        Path root = SharedData.dataset("voc2012-sample");
        VocDataset voc = VocDataset.open(root, null);
        OutputLayout layout = new OutputLayout(7, 2, voc.classes().size());
        DecodedImages cache = new DecodedImages(1L << 30);
        List<float[]> cached = batches(voc, layout, cache);
        List<float[]> decoded = batches(voc, layout, new DecodedImages(0));
        assertEquals(decoded.size(), cached.size());
        for (int i = 0; i < decoded.size(); i++) {
            assertArrayEquals(decoded.get(i), cached.get(i), 0f, "batch " + i);
        }
        assertEquals(voc.size(), cache.hits(), "the second epoch read every image from memory");
        assertEquals(voc.size(), cache.misses());
    }

    private static List<float[]> batches(VocDataset voc, OutputLayout layout, DecodedImages images) {
        List<float[]> out = new ArrayList<>();
        try (DataLoader loader = DataLoader.builder(voc, layout).inputSize(224).batchSize(8).workers(2)
                .augmentation(Augmentation.paper()).seed(3).decodedImages(images).build()) {
            for (int epoch = 0; epoch < 2; epoch++) {
                try (DataLoader.Epoch e = loader.epoch(epoch)) {
                    for (Batch b : e) {
                        out.add(b.images().clone());
                        out.add(b.targets().clone());
                    }
                }
            }
        }
        return out;
    }

    private Path jpeg(String name, int w, int h, long seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(img, "jpg", file.toFile());
        return file;
    }

    private static byte[] pixels(BufferedImage img) {
        return ((DataBufferByte) img.getRaster().getDataBuffer()).getData().clone();
    }
}
