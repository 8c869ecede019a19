package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocDatasetTest {

    @TempDir
    Path tmp;

    @Test
    void pairsByStemIgnoringTheFilenameElement() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "cat", "dog");
        Fixtures.jpeg(root, "a.jpg", 50, 40);
        Fixtures.write(root.resolve("JPEGImages/b.png"),
                Fixtures.encode(Fixtures.plain(60, 30, java.awt.Color.RED), "png"));
        // <filename> differs in case and extension from the real files, and names the other image
        Fixtures.xml(root, "a", Fixtures.annotation("A.PNG", 50, 40, "cat 1 2 30 20"));
        Fixtures.xml(root, "b", Fixtures.annotation("a.jpg", 60, 30, "dog 5 5 50 25"));
        VocDataset ds = VocDataset.open(root, null);
        assertEquals(2, ds.size());
        Sample a = ds.get(0);
        Sample b = ds.get(1);
        assertEquals("a", a.id());
        assertEquals(root.resolve("JPEGImages/a.jpg"), a.imagePath());
        assertEquals("A.PNG", a.annotation().filename());
        assertEquals("cat", a.objects().get(0).name());
        assertEquals(root.resolve("JPEGImages/b.png"), b.imagePath());
        assertEquals("dog", b.objects().get(0).name());
        assertTrue(ds.skipped().isEmpty());
    }

    @Test
    void aFilenameTryingToLeaveTheFolderIsHarmless() throws IOException {
        Path root = Fixtures.vocRoot(tmp.resolve("ds"), "cat");
        Path outside = Fixtures.write(tmp.resolve("secret.jpg"),
                Fixtures.encode(Fixtures.plain(10, 10, java.awt.Color.BLACK), "jpg"));
        Fixtures.jpeg(root, "x.jpg", 50, 40);
        Fixtures.xml(root, "x", Fixtures.annotation("../../secret.jpg", 50, 40, "cat 1 1 20 20"));
        Fixtures.xml(root, "y", Fixtures.annotation("../../../../../../etc/passwd", 50, 40, "cat 1 1 20 20"));
        VocDataset ds = VocDataset.open(root, null);
        assertEquals(1, ds.size());
        Sample x = ds.get(0);
        assertEquals(root.resolve("JPEGImages/x.jpg"), x.imagePath());
        assertTrue(x.imagePath().normalize().startsWith(root.resolve("JPEGImages")));
        assertTrue(Files.exists(outside));
        // y has no image of its own: it is an annotation without image, not a reference to /etc/passwd
        assertEquals(1, ds.skipCount(DatasetSkip.Kind.ANNOTATION_WITHOUT_IMAGE));
        assertTrue(ds.skipped().get(0).file().endsWith("y.xml"));
    }

    @Test
    void unpairedFilesAreCountedSkipsOrStrictErrors() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "cat");
        Fixtures.jpeg(root, "paired.jpg", 50, 40);
        Fixtures.xml(root, "paired", Fixtures.annotation("paired.jpg", 50, 40, "cat 1 1 20 20"));
        Fixtures.jpeg(root, "lonely_image.jpg", 50, 40);
        Fixtures.xml(root, "lonely_xml", Fixtures.annotation("lonely_xml.jpg", 50, 40, "cat 1 1 20 20"));
        VocDataset ds = VocDataset.open(root, null);
        assertEquals(List.of("paired"), ds.samples().stream().map(Sample::id).toList());
        assertEquals(1, ds.skipCount(DatasetSkip.Kind.IMAGE_WITHOUT_ANNOTATION));
        assertEquals(1, ds.skipCount(DatasetSkip.Kind.ANNOTATION_WITHOUT_IMAGE));
        assertEquals(2, DatasetSummary.of(ds, 7).missingPairs());

        IOException e = assertThrows(IOException.class, () -> VocDataset.builder(root).strict(true).build());
        assertTrue(e.getMessage().contains("lonely_image.jpg") || e.getMessage().contains("lonely_xml.xml"),
                e.getMessage());
        assertTrue(e.getMessage().contains("strict"), e.getMessage());
    }

    @Test
    void missingOrZeroSizeUsesTheRealImageSize() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "cat");
        Fixtures.jpeg(root, "nosize.jpg", 64, 48);
        Fixtures.jpeg(root, "zero.jpg", 80, 30);
        Fixtures.xml(root, "nosize", Fixtures.annotation("nosize.jpg", -1, -1, "cat 1 1 100 100"));
        Fixtures.xml(root, "zero", Fixtures.annotation("zero.jpg", 0, 0, "cat 10 5 70 25"));
        VocDataset ds = VocDataset.open(root, null);
        Sample nosize = ds.get(0);
        assertEquals(64, nosize.width());
        assertEquals(48, nosize.height());
        // the box is clipped to the real size, not to 0x0
        assertEquals(new Box(1, 1, 64, 48), nosize.objects().get(0).box());
        Sample zero = ds.get(1);
        assertEquals(80, zero.width());
        assertEquals(30, zero.height());
        assertEquals(new Box(10, 5, 70, 25), zero.objects().get(0).box());
        assertEquals(1, ds.clippedBoxes());
    }

    @Test
    void malformedXmlIsACountedSkipOrAStrictErrorNamingTheFile() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "cat");
        Fixtures.jpeg(root, "ok.jpg", 50, 40);
        Fixtures.xml(root, "ok", Fixtures.annotation("ok.jpg", 50, 40, "cat 1 1 20 20"));
        Fixtures.jpeg(root, "broken.jpg", 50, 40);
        Path broken = Fixtures.xml(root, "broken", "<annotation><size><width>50</width></size><object>");
        Fixtures.jpeg(root, "nan.jpg", 50, 40);
        Fixtures.xml(root, "nan", Fixtures.annotation("nan.jpg", 50, 40, "cat one 1 20 20"));
        VocDataset ds = VocDataset.open(root, null);
        assertEquals(List.of("ok"), ds.samples().stream().map(Sample::id).toList());
        assertEquals(2, ds.skipCount(DatasetSkip.Kind.MALFORMED_ANNOTATION));
        DatasetSkip s = ds.skipped().get(0);
        assertEquals(broken.toString(), s.file());
        assertTrue(s.detail().contains("not well-formed"), s.detail());
        assertTrue(ds.skipped().get(1).detail().contains("'one'"), ds.skipped().get(1).detail());

        IOException e = assertThrows(IOException.class, () -> VocDataset.builder(root).strict(true).build());
        assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
    }

    @Test
    void boxesAreClippedAndDegenerateOnesSkipped() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "cat");
        Fixtures.jpeg(root, "img.jpg", 100, 80);
        Fixtures.xml(root, "img", Fixtures.annotation("img.jpg", 100, 80,
                "cat -10 -5 50 40",        // outside top-left: clipped
                "cat 60 30 130 95",        // outside bottom-right: clipped
                "cat 20.5 10.25 40.75 30", // float coordinates kept
                "cat 30 30 30 50",         // zero width
                "cat 50 20 10 60",         // inverted
                "cat 120 90 150 120",      // entirely outside: nothing left after clipping
                "cat 5 5 15 15"));
        VocDataset ds = VocDataset.open(root, null);
        List<VocObject> kept = ds.get(0).objects();
        assertEquals(4, kept.size());
        assertEquals(new Box(0, 0, 50, 40), kept.get(0).box());
        assertEquals(new Box(60, 30, 100, 80), kept.get(1).box());
        assertEquals(new Box(20.5f, 10.25f, 40.75f, 30), kept.get(2).box());
        assertEquals(new Box(5, 5, 15, 15), kept.get(3).box());
        assertEquals(3, ds.skipCount(DatasetSkip.Kind.BAD_BOX));
        assertEquals(2, ds.clippedBoxes());
        List<String> details = ds.skipped().stream().map(DatasetSkip::detail).toList();
        assertTrue(details.get(0).startsWith("zero area"), details.get(0));
        assertTrue(details.get(1).startsWith("inverted"), details.get(1));
        assertTrue(details.get(2).startsWith("outside the image"), details.get(2));
        // the annotation keeps every object as written
        assertEquals(7, ds.get(0).annotation().objects().size());
    }

    @Test
    void unknownClassesAreSkippedAndCountedDifficultIsKeptAndEmptyImagesAreSamples() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "cat", "dog");
        Fixtures.jpeg(root, "a.jpg", 100, 80);
        Fixtures.xml(root, "a", Fixtures.annotation("a.jpg", 100, 80,
                "unicorn 1 1 20 20", "dog 10 10 50 50 difficult", "cat 60 10 90 70"));
        Fixtures.jpeg(root, "empty.jpg", 100, 80);
        Fixtures.xml(root, "empty", Fixtures.annotation("empty.jpg", 100, 80));
        VocDataset ds = VocDataset.builder(root).strict(true).build();
        assertEquals(2, ds.size());
        assertEquals(1, ds.skipCount(DatasetSkip.Kind.UNKNOWN_CLASS));
        assertTrue(ds.skipped().get(0).detail().contains("unicorn"));
        List<VocObject> kept = ds.get(0).objects();
        assertEquals(2, kept.size());
        assertTrue(kept.get(0).difficult());
        assertFalse(kept.get(1).difficult());
        assertTrue(ds.get(1).objects().isEmpty());
    }

    @Test
    void splitListsAndClassFileOrder() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "zebra", "ant", "", "moose");
        for (String id : List.of("s1", "s2", "s3")) {
            Fixtures.jpeg(root, id + ".jpg", 40, 40);
            Fixtures.xml(root, id, Fixtures.annotation(id + ".jpg", 40, 40, "ant 1 1 20 20"));
        }
        Files.createDirectories(root.resolve("ImageSets/Main"));
        Files.write(root.resolve("ImageSets/Main/train.txt"), List.of("s3", "s1  1", "", "ghost"));
        VocDataset ds = VocDataset.open(root, "train");
        assertEquals(List.of("zebra", "ant", "moose"), ds.classes());
        assertEquals(1, ds.classIndex("ant"));
        assertEquals(-1, ds.classIndex("cat"));
        assertEquals(List.of("s3", "s1"), ds.samples().stream().map(Sample::id).toList());
        assertEquals(1, ds.skipCount(DatasetSkip.Kind.LISTED_WITHOUT_FILES));
        assertEquals("train", ds.split());

        IOException missing = assertThrows(IOException.class, () -> VocDataset.open(root, "val"));
        assertTrue(missing.getMessage().contains("val.txt") && missing.getMessage().contains("train"),
                missing.getMessage());
        Files.write(root.resolve("dup.txt"), List.of("a", "b", "a"));
        IOException dup = assertThrows(IOException.class,
                () -> VocDataset.builder(root).classesFile(root.resolve("dup.txt")).build());
        assertTrue(dup.getMessage().contains("'a' appears twice"), dup.getMessage());
        IOException noFolder = assertThrows(IOException.class, () -> VocDataset.open(tmp.resolve("nope"), null));
        assertTrue(noFolder.getMessage().contains("nope"), noFolder.getMessage());
    }

    @Test
    void anUnreadableImageIsOnlyAProblemWhenItsSizeIsNeeded() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "cat");
        Fixtures.write(root.resolve("JPEGImages/junk.jpg"), "not an image".getBytes());
        Fixtures.xml(root, "junk", Fixtures.annotation("junk.jpg", -1, -1, "cat 1 1 20 20"));
        Fixtures.write(root.resolve("JPEGImages/junk2.jpg"), "not an image".getBytes());
        Fixtures.xml(root, "junk2", Fixtures.annotation("junk2.jpg", 50, 50, "cat 1 1 20 20"));
        VocDataset ds = VocDataset.open(root, null);
        // junk2 has a size: it is kept and fails at load time (see DataLoaderTest)
        assertEquals(List.of("junk2"), ds.samples().stream().map(Sample::id).toList());
        assertEquals(1, ds.skipCount(DatasetSkip.Kind.UNREADABLE_IMAGE));
        assertTrue(ds.skipped().get(0).detail().contains("not a JPEG or PNG"), ds.skipped().get(0).detail());
    }

    @Test
    void limitKeepsTheFirstSamples() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "cat");
        for (String id : List.of("a", "b", "c")) {
            Fixtures.jpeg(root, id + ".jpg", 20, 20);
            Fixtures.xml(root, id, Fixtures.annotation(id + ".jpg", 20, 20));
        }
        VocDataset ds = VocDataset.open(root, null).limit(2);
        assertEquals(List.of("a", "b"), ds.samples().stream().map(Sample::id).toList());
    }
}
