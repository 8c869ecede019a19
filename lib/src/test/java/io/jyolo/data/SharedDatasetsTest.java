package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.model.OutputLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Opens the real datasets in /work/shared/data (skipped when they are absent). */
class SharedDatasetsTest {

    @Test
    void voc2012SampleHasItsPublishedCounts() throws IOException {
        Path root = Fixtures.shared("voc2012-sample");
        VocDataset ds = VocDataset.open(root, null);
        assertEquals(100, ds.size());
        assertEquals(273, ds.objectCount());
        assertEquals(20, ds.classes().size());
        assertEquals("aeroplane", ds.classes().get(0));
        assertEquals(0, ds.skipped().size());
        DatasetSummary s = DatasetSummary.of(ds, 7);
        System.out.println(s);
        assertEquals(100, s.images());
        assertEquals(273, s.objects());
        assertEquals(20, s.classes().stream().filter(r -> r.objects() > 0).count(), "all 20 classes occur");
        assertEquals(273, s.classes().stream().mapToInt(DatasetSummary.ClassRow::objects).sum());
        assertEquals(38, s.difficult());
        double[] q = s.areaQuantiles();
        assertTrue(0 < q[0] && q[0] < q[1] && q[1] < q[2] && q[2] <= 1, java.util.Arrays.toString(q));
        Table classes = s.classTable();
        assertEquals(21, classes.rowCount());
        assertEquals(273, classes.intColumn("objects").get(20));
        System.out.println(classes.print());
        System.out.println(s.table().print());
    }

    @Test
    void bccdSplitsAndItsTwoZeroSizeBoxes() throws IOException {
        Path root = Fixtures.shared("bccd-trainval");
        VocDataset train = VocDataset.open(root, "train");
        VocDataset val = VocDataset.open(root, "val");
        VocDataset all = VocDataset.open(root, null);
        assertEquals(205, train.size());
        assertEquals(87, val.size());
        assertEquals(292, all.size());
        assertEquals(List.of("RBC", "WBC", "Platelets"), all.classes());
        Set<String> overlap = new HashSet<>(train.samples().stream().map(Sample::id).toList());
        overlap.retainAll(val.samples().stream().map(Sample::id).toList());
        assertTrue(overlap.isEmpty(), "train and val overlap: " + overlap);
        // NOTICE.md: two RBC boxes have zero size (BloodImage_00338 among them)
        assertEquals(2, all.skipCount(DatasetSkip.Kind.BAD_BOX));
        assertEquals(2, all.skipped().size());
        assertTrue(all.skipped().stream().anyMatch(s -> s.file().contains("BloodImage_00338")));
        assertTrue(all.skipped().stream().allMatch(s -> s.detail().startsWith("zero area box of 'RBC'")));
        assertEquals(2, train.skipCount(DatasetSkip.Kind.BAD_BOX) + val.skipCount(DatasetSkip.Kind.BAD_BOX));
        DatasetSummary s = DatasetSummary.of(all, 7);
        System.out.println(s);
        assertEquals(2, s.skipped(DatasetSkip.Kind.BAD_BOX));
        assertTrue(s.cellCollisions() > 0, "crowded RBCs must collide at S=7");
    }

    @Test
    void vocSamplesGoThroughTheWholePipeline() throws IOException {
        Path root = Fixtures.shared("voc2012-sample");
        VocDataset ds = VocDataset.open(root, null).limit(6);
        SamplePipeline p = new SamplePipeline(ds.classes(), OutputLayout.voc(), 448, ResizeMode.STRETCH,
                Augmentation.paper(), false);
        for (int i = 0; i < ds.size(); i++) {
            float[][] xy = p.prepare(ds.get(i), i);
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : xy[0]) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(min >= -1f && max <= 1f && max > min, "image range " + min + ".." + max);
        }
    }
}
