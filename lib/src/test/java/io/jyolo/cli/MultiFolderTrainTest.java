package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.ClassFile;
import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import io.jyolo.data.VocXml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's first hour with two VOC-layout folders and no hand work: no {@code classes.txt}, no
 * {@code test} list, the same image ids in both. Training on both derives, prints and saves one class
 * list and merges the images; evaluating falls back from test to val and says so.
 */
class MultiFolderTrainTest {

    @TempDir
    Path tmp;

    @Test
    void trainsOnTwoFoldersWithoutClassFilesAndEvaluatesWithoutATestList() throws IOException {
        Path a = folder("A", 3);
        Path b = folder("B", 4);
        List<String> expected = new ArrayList<>(new TreeSet<>(names(a, b)));
        int trainA = lines(a, "train");
        int trainB = lines(b, "train");
        int valA = lines(a, "val");
        int valB = lines(b, "val");
        Path run = tmp.resolve("run");

        CliRun train = CliRun.of("train", "--data", a.toString(), "--data", b.toString(), "--run", run.toString(),
                "--size", "128", "--epochs", "1", "--batch", "8", "--workers", "1", "--val-split", "none");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.err().contains(": no classes.txt; " + expected.size() + " classes from the annotations, sorted: "
                + String.join(", ", expected)), train.err());
        assertEquals(expected, ClassFile.read(run.resolve(ClassFile.NAME)), "the derived classes are saved in the run");
        assertTrue(train.err().contains("2 folders merged into " + (trainA + trainB) + " images (A " + trainA + " + B "
                + trainB + ")"), train.err());

        // the run's config.json names both folders: resuming it with a larger budget reads both again
        CliRun resume = CliRun.of("resume", run.toString(), "--epochs", "2");
        assertEquals(0, resume.code(), resume.err());
        assertTrue(com.google.gson.JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject()
                .get("data").getAsString().equals(a + java.io.File.pathSeparator + b), "config.json keeps both folders");
        assertEquals(expected, ClassFile.read(run.resolve(ClassFile.NAME)));

        Path dets = tmp.resolve("dets");
        CliRun evaluate = CliRun.of("evaluate", "--run", run.toString(), "--data", a.toString(), "--data", b.toString(),
                "--threshold", "0.0", "--save-dets", dets.toString());
        assertEquals(0, evaluate.code(), evaluate.err());
        for (Path folder : List.of(a, b)) {
            assertTrue(evaluate.err().contains("note: " + folder.toAbsolutePath() + " has no test split"), evaluate.err());
        }
        assertTrue(evaluate.err().contains("using val instead"), evaluate.err());
        assertTrue(evaluate.err().contains("2 folders merged into " + (valA + valB) + " images"), evaluate.err());
        assertTrue(evaluate.err().contains("on " + (valA + valB) + " images") && evaluate.err().contains("(split val)"), evaluate.err());
        assertEquals(1, evaluate.err().lines().filter(l -> l.contains("classes from the annotations")).count(), evaluate.err());
        assertTrue(evaluate.out().contains("mAP"), evaluate.out());
        // the same id in both folders keeps two detection files
        // (seeded shuffles: the two val lists share ids only by chance, so both folders get the same list)
        String id = Files.readAllLines(a.resolve("ImageSets/Main/val.txt")).get(0).strip();
        assertTrue(Files.isRegularFile(dets.resolve("A/" + id + ".txt")) && Files.isRegularFile(dets.resolve("B/" + id + ".txt")),
                "detections of A/" + id + " and B/" + id);
    }

    /** A small generated VOC folder without classes.txt and without a test list; ids are the same in every folder. */
    private Path folder(String name, long seed) throws IOException {
        Path dir = tmp.resolve(name);
        SyntheticShapes.generate(SynthConfig.builder(dir).count(24).imageSize(96).seed(seed).threads(1).build());
        Files.delete(dir.resolve(ClassFile.NAME));
        Files.delete(dir.resolve("ImageSets/Main/test.txt"));
        // the same val ids in both folders (a seeded shuffle gives each its own): ids that repeat across folders
        Files.write(dir.resolve("ImageSets/Main/val.txt"), List.of(SyntheticShapes.stem(0), SyntheticShapes.stem(1),
                SyntheticShapes.stem(2), SyntheticShapes.stem(3)));
        return dir;
    }

    private static List<String> names(Path... roots) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> s = Files.list(root.resolve("Annotations"))) {
                for (Path xml : s.toList()) {
                    VocXml.read(xml).objects().forEach(o -> out.add(o.name()));
                }
            }
        }
        return out;
    }

    private static int lines(Path root, String split) throws IOException {
        return (int) Files.readAllLines(root.resolve("ImageSets/Main/" + split + ".txt")).stream()
                .filter(l -> !l.isBlank()).count();
    }
}
