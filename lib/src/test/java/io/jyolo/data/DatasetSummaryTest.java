package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class DatasetSummaryTest {

    @TempDir
    Path tmp;

    @Test
    void countsSkipsCollisionsAndQuantiles() throws IOException {
        Path root = Fixtures.vocRoot(tmp, "cat", "dog");
        // 140 x 140 image, S = 7: 20 px cells
        Fixtures.jpeg(root, "a.jpg", 140, 140);
        Fixtures.xml(root, "a", Fixtures.annotation("a.jpg", 140, 140,
                "cat 0 0 14 14",           // area fraction 0.01, cell (0,0)
                "cat 2 2 12 12",           // same cell: collision
                "dog 70 70 140 140",       // 0.25
                "dog 0 70 70 140 difficult", // 0.25, difficult: not in collisions
                "dog 5 72 15 82",          // centre (10, 77): cell (3, 0), alone
                "bird 1 1 5 5",
                "cat 9 9 9 30"));
        Fixtures.jpeg(root, "b.jpg", 140, 140);
        Fixtures.xml(root, "b", Fixtures.annotation("b.jpg", 140, 140));
        Fixtures.jpeg(root, "orphan.jpg", 10, 10);
        DatasetSummary s = DatasetSummary.of(VocDataset.open(root, null), 7);
        assertEquals(2, s.images());
        assertEquals(1, s.emptyImages());
        assertEquals(5, s.objects());
        assertEquals(1, s.difficult());
        assertEquals(2, s.objectsOf("cat"));
        assertEquals(3, s.objectsOf("dog"));
        assertEquals(1, s.skipped(DatasetSkip.Kind.UNKNOWN_CLASS));
        assertEquals(1, s.skipped(DatasetSkip.Kind.BAD_BOX));
        assertEquals(1, s.missingPairs());
        assertEquals(1, s.cellCollisions());
        // kept areas, sorted: the two 10x10 boxes, the 14x14 box, the two 70x70 boxes (of 140x140)
        double[] areas = {100 / 19600.0, 100 / 19600.0, 196 / 19600.0, 0.25, 0.25};
        assertArrayEquals(DatasetSummary.quantiles(List.of(areas[0], areas[1], areas[2], areas[3], areas[4])),
                s.areaQuantiles(), 1e-12);
        // p50 of five values is the third, p10 interpolates between the first two (equal here)
        assertEquals(196 / 19600.0, s.areaQuantiles()[1], 1e-12);
        assertEquals(0.25, s.areaQuantiles()[2], 1e-12);
        Table classes = s.classTable();
        assertEquals(List.of("cat", "dog", "(all)"), classes.stringColumn("class").asList());
        assertEquals(List.of(1, 1, 2), classes.intColumn("images").asList());
        assertEquals(List.of(0, 1, 1), classes.intColumn("difficult").asList());
        Table overview = s.table();
        assertEquals(1.0, overview.where(overview.stringColumn("metric").isEqualTo("cell collisions at S=7"))
                .doubleColumn("value").get(0));
    }

    @Test
    void quantilesInterpolateLinearly() {
        assertArrayEquals(new double[] {1.4, 3.0, 4.6}, DatasetSummary.quantiles(List.of(5.0, 1.0, 3.0, 2.0, 4.0)),
                1e-12);
        assertEquals(Double.NaN, DatasetSummary.quantiles(List.of())[0]);
    }
}
