package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCheckTest {

    @TempDir
    Path tmp;

    @Test
    void reportsOneCaseOfEachKindWithItsFile() throws IOException {
        Path root = tmp.resolve("seeded");
        Map<ProblemKind, String> where = SeededProblems.create(root);
        DatasetReport report = DatasetCheck.run(root, null, 7);
        System.out.println(report.toText());
        for (ProblemKind kind : ProblemKind.values()) {
            assertEquals(1, report.count(kind), kind + " in\n" + report.toText());
            DatasetProblem p = report.examples(kind, 1).get(0);
            assertTrue(p.file().endsWith(where.get(kind)), kind + " names " + p.file() + ", not " + where.get(kind));
        }
        assertTrue(report.trainingWouldSkip());
        assertTrue(report.toText().contains("verdict: training would skip"), report.toText());
        // the table shows the same: one row per kind, the count and a file of each
        assertEquals(ProblemKind.values().length, report.table().rowCount());
        assertEquals(1, report.table().intColumn("count").get(ProblemKind.CELL_COLLISION.ordinal()));
        assertTrue(report.table().stringColumn("examples").get(ProblemKind.BAD_BOX.ordinal()).contains("flat.xml"));
    }

    @Test
    void everySkipOfOpeningIsAKindOfTheCheckWithTheSameEffect() {
        for (DatasetSkip.Kind skip : DatasetSkip.Kind.values()) {
            ProblemKind kind = ProblemKind.of(skip);
            assertEquals(skip.name(), kind.name());
            assertEquals(skip.objectLevel() ? ProblemKind.Effect.SKIPS_OBJECT : ProblemKind.Effect.SKIPS_IMAGE, kind.effect(),
                    skip + ": opening skips it, so the check must count it as a skip of the same kind");
        }
    }

    @Test
    void theGridDecidesWhatCollides() throws IOException {
        Path root = tmp.resolve("grid");
        Fixtures.vocRoot(root, "cat");
        Fixtures.jpeg(root, "a.jpg", 100, 100);
        // centres (25,50) and (75,50): one cell at S=1, two cells at S=2
        Fixtures.xml(root, "a", Fixtures.annotation("a.jpg", 100, 100, "cat 0 40 50 60", "cat 50 40 100 60"));
        assertEquals(1, DatasetCheck.run(root, null, 1).count(ProblemKind.CELL_COLLISION));
        DatasetReport clean = DatasetCheck.run(root, null, 2);
        assertEquals(0, clean.problems().size(), clean.toText());
        assertFalse(clean.trainingWouldSkip());
        assertTrue(clean.verdict().startsWith("clean"), clean.verdict());
        assertEquals(7, DatasetCheck.defaultGridSize());
    }

    @Test
    void aClippedBoxAloneIsReportedButSkipsNothing() throws IOException {
        Path root = tmp.resolve("clip");
        Fixtures.vocRoot(root, "cat");
        Fixtures.jpeg(root, "a.jpg", 50, 40);
        Fixtures.xml(root, "a", Fixtures.annotation("a.jpg", 50, 40, "cat 10 10 80 30"));
        DatasetReport r = DatasetCheck.run(root, null, 7);
        assertEquals(1, r.count(ProblemKind.BOX_OUTSIDE_IMAGE));
        assertEquals(1, r.problems().size(), r.toText());
        assertFalse(r.trainingWouldSkip());
    }

    @Test
    void aMissingTestSplitIsCheckedAsValWithANote() throws IOException {
        Path root = tmp.resolve("notest");
        Fixtures.vocRoot(root, "cat");
        Fixtures.jpeg(root, "a.jpg", 50, 40);
        Fixtures.xml(root, "a", Fixtures.annotation("a.jpg", 50, 40, "cat 10 10 30 30"));
        Files.createDirectories(root.resolve("ImageSets/Main"));
        Files.write(root.resolve("ImageSets/Main/val.txt"), List.of("a", "b"));
        DatasetReport r = DatasetCheck.run(root, "test", 7);
        assertTrue(r.dataset().endsWith("(split val)"), r.dataset());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("no test split") && n.contains("using val")), r.notes().toString());
        assertEquals(1, r.count(ProblemKind.LISTED_WITHOUT_FILES));
        assertTrue(r.examples(ProblemKind.LISTED_WITHOUT_FILES, 1).get(0).file().endsWith("val.txt"));
    }

    @Test
    void sharedDatasets() throws IOException {
        for (String name : List.of("bccd-trainval", "voc2012-sample")) {
            Path root = SharedData.dataset(name);
            DatasetReport r = DatasetCheck.run(root, null, 7);
            System.out.println(r.toText());
            assertEquals(name.startsWith("bccd") ? 292 : 100, r.images());
            // known problems of these sets: BCCD has two zero-area boxes; neither has an unreadable image
            assertEquals(name.startsWith("bccd") ? 2 : 0, r.count(ProblemKind.BAD_BOX), r.toText());
            assertEquals(0, r.count(ProblemKind.UNREADABLE_IMAGE));
            assertTrue(r.count(ProblemKind.CELL_COLLISION) > 0, "crowded real images collide at S=7");
        }
    }
}
