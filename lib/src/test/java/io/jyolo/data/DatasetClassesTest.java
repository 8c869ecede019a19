package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class lists without a hand-written classes.txt, the one class-file reader, splits that fall back, merged folders. */
class DatasetClassesTest {

    @TempDir
    Path tmp;

    /** A VOC layout without classes.txt holding images {@code a, b} with the given object lines. */
    private static Path folder(Path root, String objectsOfA, String objectsOfB) throws IOException {
        Files.createDirectories(root.resolve("JPEGImages"));
        Files.createDirectories(root.resolve("Annotations"));
        Fixtures.jpeg(root, "a.jpg", 50, 40);
        Fixtures.jpeg(root, "b.jpg", 50, 40);
        Fixtures.xml(root, "a", Fixtures.annotation("a.jpg", 50, 40, objectsOfA));
        Fixtures.xml(root, "b", Fixtures.annotation("b.jpg", 50, 40, objectsOfB));
        Files.createDirectories(root.resolve("ImageSets/Main"));
        Files.write(root.resolve("ImageSets/Main/train.txt"), List.of("a"));
        Files.write(root.resolve("ImageSets/Main/val.txt"), List.of("b"));
        return root;
    }

    @Test
    void withoutAClassFileTheAnnotationsNamesAreSortedOverTheWholeFolder() throws IOException {
        Path root = folder(tmp.resolve("mine"), "zebra 1 1 20 20", "ant 1 1 20 20");
        VocDataset val = VocDataset.open(root, "val");
        // the val split holds only 'ant', yet the list is the folder's: train and val agree on indices
        assertEquals(List.of("ant", "zebra"), val.classes());
        assertEquals(ClassSource.ANNOTATIONS, val.classList().source());
        assertTrue(val.notes().stream().anyMatch(n -> n.contains(": no classes.txt; 2 classes") && n.contains("sorted: ant, zebra")),
                val.notes().toString());
        assertEquals(val.classes(), VocDataset.open(root, "train").classes());
    }

    @Test
    void anOfficialVocFolderGetsTheTwentyClassesInTheStandardOrder() throws IOException {
        Path named = folder(tmp.resolve("VOCdevkit/VOC2012"), "person 1 1 20 20", "dog 1 1 20 20");
        VocDataset ds = VocDataset.open(named, null);
        assertEquals(VocClasses.STANDARD, ds.classes());
        assertEquals(20, ds.classes().size());
        assertEquals("aeroplane", ds.classes().get(0));
        assertEquals(14, ds.classIndex("person"));
        assertEquals(ClassSource.VOC_STANDARD, ds.classList().source());
        assertTrue(ds.notes().get(0).contains("official PASCAL VOC folder"), ds.notes().toString());

        // renamed, but with the devkit's per-class lists: still recognised
        Path renamed = folder(tmp.resolve("my-voc"), "person 1 1 20 20", "dog 1 1 20 20");
        for (String c : VocClasses.STANDARD) {
            Files.write(renamed.resolve("ImageSets/Main/" + c + "_trainval.txt"), List.of("a -1", "b 1"));
        }
        assertEquals(VocClasses.STANDARD, VocDataset.open(renamed, null).classes());
        // a plain folder is not
        Path plain = folder(tmp.resolve("plain"), "person 1 1 20 20", "dog 1 1 20 20");
        assertEquals(List.of("dog", "person"), VocDataset.open(plain, null).classes());
    }

    @Test
    void annotationsNamingUnknownClassesGiveOneMessage() throws IOException {
        Path root = folder(tmp.resolve("VOC2007"), "person 1 1 20 20", "unicorn 1 1 20 20");
        Fixtures.xml(root, "b", Fixtures.annotation("b.jpg", 50, 40, "unicorn 1 1 20 20", "unicorn 2 2 30 30",
                "gryphon 1 1 10 10"));
        VocDataset ds = VocDataset.open(root, null);
        assertEquals(3, ds.skipCount(DatasetSkip.Kind.UNKNOWN_CLASS));
        List<String> mismatch = ds.notes().stream().filter(n -> n.contains("does not have")).toList();
        assertEquals(1, mismatch.size(), ds.notes().toString());
        assertTrue(mismatch.get(0).contains("gryphon (1), unicorn (2)") && mismatch.get(0).contains("3 object(s) are skipped"),
                mismatch.get(0));
    }

    @Test
    void oneClassFileReaderForEveryUse() throws IOException {
        Path file = tmp.resolve("classes.txt");
        Files.writeString(file, "\uFEFFcat\n\n# a comment\n  dog  \r\nbird\n", StandardCharsets.UTF_8);
        assertEquals(List.of("cat", "dog", "bird"), ClassFile.read(file));
        Files.writeString(file, "cat\ndog\n\ncat\n", StandardCharsets.UTF_8);
        IOException dup = assertThrows(IOException.class, () -> ClassFile.read(file));
        assertTrue(dup.getMessage().startsWith(file.toString()) && dup.getMessage().contains("'cat' appears twice (lines 1 and 4)"),
                dup.getMessage());
        Files.writeString(file, "# only a comment\n\n", StandardCharsets.UTF_8);
        assertTrue(assertThrows(IOException.class, () -> ClassFile.read(file)).getMessage().contains("empty"));
        assertTrue(assertThrows(IOException.class, () -> ClassFile.read(tmp.resolve("none.txt"))).getMessage()
                .contains("not found"));
    }

    @Test
    void aMissingTestSplitFallsBackToValWithANoteAndOthersNameTheAvailableOnes() throws IOException {
        Path root = folder(tmp.resolve("ds"), "cat 1 1 20 20", "dog 1 1 20 20");
        VocDataset test = VocDataset.open(root, "test");
        assertEquals("val", test.split());
        assertEquals(List.of("b"), test.samples().stream().map(Sample::id).toList());
        assertTrue(test.notes().stream().anyMatch(n -> n.contains("has no test split") && n.contains("using val")),
                test.notes().toString());
        IOException e = assertThrows(IOException.class, () -> VocDataset.open(root, "trainval"));
        assertTrue(e.getMessage().contains("trainval.txt: split list missing; available splits: train, val"), e.getMessage());
    }

    @Test
    void severalFoldersMergeWithPrefixedIdsAndAgreeingClasses() throws IOException {
        Path a = folder(tmp.resolve("A"), "cat 1 1 20 20", "dog 1 1 20 20");
        Path b = folder(tmp.resolve("B"), "bird 1 1 20 20", "cat 1 1 20 20");
        VocDataset both = VocDataset.open(List.of(a, b), null);
        assertEquals(List.of("bird", "cat", "dog"), both.classes());
        assertEquals(List.of("A/a", "A/b", "B/a", "B/b"), both.samples().stream().map(Sample::id).toList());
        assertEquals(4, both.size());
        assertTrue(both.notes().stream().anyMatch(n -> n.contains("2 folders merged into 4 images (A 2 + B 2)")),
                both.notes().toString());
        // the same image id in both folders keeps its own file
        assertEquals(a.toAbsolutePath().resolve("JPEGImages/a.jpg"), both.get(0).imagePath());
        assertEquals(b.toAbsolutePath().resolve("JPEGImages/a.jpg"), both.get(2).imagePath());

        // a folder with classes.txt lends it to one without; two different lists are refused in one line
        Files.write(a.resolve("classes.txt"), List.of("dog", "cat", "bird"));
        assertEquals(List.of("dog", "cat", "bird"), VocDataset.open(List.of(a, b), "train").classes());
        Files.write(b.resolve("classes.txt"), List.of("cat", "dog", "bird"));
        IOException e = assertThrows(IOException.class, () -> VocDataset.open(List.of(a, b), null));
        assertTrue(e.getMessage().contains("disagree") && e.getMessage().contains(a.resolve("classes.txt").toAbsolutePath().toString())
                && e.getMessage().contains(b.resolve("classes.txt").toAbsolutePath().toString()), e.getMessage());
    }
}
