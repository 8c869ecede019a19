package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.jyolo.engine.Engines;
import io.jyolo.model.OutputLayout;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {

    private static final OutputLayout LAYOUT = new OutputLayout(7, 2, 2);

    @TempDir
    Path tmp;

    private Path root;

    /** Eleven good images of varied sizes with one or two boxes, one corrupt JPEG, one with a wrong size. */
    @BeforeEach
    void dataset() throws IOException {
        root = Fixtures.vocRoot(tmp, "square", "bar");
        for (int i = 0; i < 11; i++) {
            int w = 80 + 13 * i;
            int h = 60 + 7 * i;
            BufferedImage img = Fixtures.plain(w, h, new Color(20 * i, 100, 200 - 10 * i));
            Graphics2D g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(10, 10, w / 3, h / 3);
            g.dispose();
            String id = String.format("img%02d", i);
            Fixtures.write(root.resolve("JPEGImages/" + id + ".jpg"), Fixtures.encode(img, "jpg"));
            String second = i % 2 == 0 ? "bar " + (w / 2) + " " + (h / 2) + " " + (w - 5) + " " + (h - 5) : "";
            Fixtures.xml(root, id, Fixtures.annotation(id + ".jpg", w, h,
                    i % 2 == 0 ? new String[] {"square 10 10 " + (10 + w / 3) + " " + (10 + h / 3), second}
                            : new String[] {"square 10 10 " + (10 + w / 3) + " " + (10 + h / 3)}));
        }
        byte[] good = Fixtures.encode(Fixtures.plain(100, 100, Color.ORANGE), "jpg");
        byte[] broken = java.util.Arrays.copyOf(good, good.length / 2);
        Fixtures.write(root.resolve("JPEGImages/img_broken.jpg"), broken);
        Fixtures.xml(root, "img_broken", Fixtures.annotation("img_broken.jpg", 100, 100, "square 1 1 50 50"));
        Fixtures.write(root.resolve("JPEGImages/img_resized.jpg"), good);
        Fixtures.xml(root, "img_resized", Fixtures.annotation("img_resized.jpg", 200, 150, "square 1 1 50 50"));
    }

    private record Run(List<String> ids, List<float[]> images, List<float[]> targets, LoaderStats stats,
                       List<String> failures) {
    }

    private Run run(int workers, int epoch) throws IOException {
        VocDataset ds = VocDataset.open(root, null);
        try (DataLoader loader = DataLoader.builder(ds, LAYOUT).batchSize(4).workers(workers).prefetch(2)
                .augmentation(Augmentation.paper()).seed(11).build()) {
            List<String> ids = new ArrayList<>();
            List<float[]> images = new ArrayList<>();
            List<float[]> targets = new ArrayList<>();
            try (DataLoader.Epoch e = loader.epoch(epoch)) {
                for (Batch b : e) {
                    ids.addAll(b.ids());
                    images.add(b.images());
                    targets.add(b.targets());
                    assertEquals(b.size() * 3 * 448 * 448, b.images().length);
                    assertEquals(b.size() * 7 * 7 * LAYOUT.targetChannels(), b.targets().length);
                }
                assertEquals(e.stats(), loader.stats());
            }
            return new Run(ids, images, targets, loader.stats(), loader.failures());
        }
    }

    @Test
    void oneAndTwoWorkersGiveIdenticalBatches() throws IOException {
        Run one = run(1, 3);
        Run two = run(2, 3);
        assertEquals(one.ids(), two.ids());
        assertEquals(one.images().size(), two.images().size());
        for (int i = 0; i < one.images().size(); i++) {
            assertArrayEquals(one.images().get(i), two.images().get(i), "images of batch " + i);
            assertArrayEquals(one.targets().get(i), two.targets().get(i), "targets of batch " + i);
        }
        assertEquals(one.stats(), two.stats());
    }

    @Test
    void badSamplesAreSkippedCountedAndNamedAndEveryGoodSampleComesOnce() throws IOException {
        Run r = run(2, 0);
        assertEquals(11, r.ids().size());
        assertEquals(11, new HashSet<>(r.ids()).size());
        assertTrue(r.ids().stream().allMatch(id -> id.matches("img\\d\\d")), r.ids().toString());
        assertEquals(2, r.stats().skippedSamples());
        assertEquals(11, r.stats().samples());
        assertEquals(2, r.failures().size());
        String failures = String.join("\n", r.failures());
        assertTrue(failures.contains("img_broken.jpg") && failures.toLowerCase(java.util.Locale.ROOT).contains("truncated"), failures);
        assertTrue(failures.contains("img_resized.jpg") && failures.contains("100x100 but its annotation says 200x150"),
                failures);
        // 17 objects: 11 squares + 6 bars, minus what augmentation pushed out and what collided
        LoaderStats s = r.stats();
        assertEquals(17, s.encodedObjects() + s.collisions() + s.droppedByAugmentation());
        // with 13 samples and batches of 4, four batches are planned; the shuffled epoch differs from another epoch
        Run other = run(2, 1);
        assertNotEquals(r.ids(), other.ids());
        assertEquals(Set.copyOf(r.ids()), Set.copyOf(other.ids()));
    }

    @Test
    void strictModeStopsOnTheFirstBadSampleNamingIt() throws IOException {
        VocDataset ds = VocDataset.open(root, null);
        try (DataLoader loader = DataLoader.builder(ds, LAYOUT).batchSize(13).workers(2).strict(true)
                .shuffle(false).build();
             DataLoader.Epoch e = loader.epoch(0)) {
            UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> e.iterator().next());
            assertTrue(ex.getMessage().contains("img_broken.jpg"), ex.getMessage());
        }
    }

    @Test
    void unshuffledLoaderKeepsDatasetOrderAndDropLastWorks() throws IOException {
        VocDataset ds = VocDataset.open(root, null);
        try (DataLoader loader = DataLoader.builder(ds, LAYOUT).batchSize(5).shuffle(false).dropLast(true)
                .workers(1).build()) {
            assertEquals(2, loader.batchesPerEpoch());
            List<String> ids = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            try (DataLoader.Epoch e = loader.epoch(0)) {
                for (Batch b : e) {
                    ids.addAll(b.ids());
                    sizes.add(b.size());
                }
                assertThrows(IllegalStateException.class, e::iterator);
            }
            // dataset order: img00..img10, img_broken, img_resized; batches of 5, last partial batch dropped
            assertEquals(List.of("img00", "img01", "img02", "img03", "img04", "img05", "img06", "img07", "img08",
                    "img09"), ids);
            assertEquals(List.of(5, 5), sizes);
        }
    }

    @Test
    void batchBecomesNdArraysInTheCallersManager() throws IOException {
        VocDataset ds = VocDataset.open(root, null).limit(3);
        try (DataLoader loader = DataLoader.builder(ds, LAYOUT).batchSize(3).inputSize(64).workers(1).build();
             DataLoader.Epoch e = loader.epoch(0)) {
            Batch b = e.iterator().next();
            try (NDManager manager = Engines.get().newBaseManager()) {
                NDList xy = b.toNDList(manager);
                assertEquals(b.imageShape(), xy.get(0).getShape());
                assertEquals(new ai.djl.ndarray.types.Shape(3, 3, 64, 64), xy.get(0).getShape());
                assertEquals(new ai.djl.ndarray.types.Shape(3, 7, 7, 8), xy.get(1).getShape());
                assertEquals(DataType.FLOAT32, xy.get(0).getDataType());
                assertArrayEquals(b.targets(), xy.get(1).toFloatArray());
                assertEquals(b.images()[5], xy.get(0).toFloatArray()[5]);
            }
        }
    }
}
