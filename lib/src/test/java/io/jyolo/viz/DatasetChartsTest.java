package io.jyolo.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.Sample;
import io.jyolo.data.VocDataset;
import io.jyolo.data.VocObject;
import io.jyolo.notebook.TinyRuns;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class DatasetChartsTest {

    @TempDir
    static Path dir;
    static VocDataset ds;

    @BeforeAll
    static void data() throws Exception {
        ds = VocDataset.open(TinyRuns.dataset(dir.resolve("shapes")), null);
    }

    private static double sum(Iterable<? extends Number> values) {
        double s = 0;
        for (Number n : values) {
            s += n.doubleValue();
        }
        return s;
    }

    @Test
    void objectsPerClassCountsEveryObjectOnceAndTheDifficultOnesAgain() {
        CategoryChart chart = DatasetCharts.objectsPerClass(ds);
        CategorySeries all = chart.getSeriesMap().get("objects");
        CategorySeries difficult = chart.getSeriesMap().get("difficult");
        assertEquals(ds.objectCount(), sum(all.getYData()), 0);
        long diff = ds.samples().stream().flatMap(s -> s.objects().stream()).filter(VocObject::difficult).count();
        assertEquals(diff, sum(difficult.getYData()), 0);
        int circles = (int) ds.samples().stream().flatMap(s -> s.objects().stream())
                .filter(o -> o.name().equals(ds.classes().get(0))).count();
        assertEquals(circles, all.getYData().iterator().next().doubleValue(), 0);
    }

    @Test
    void boxSizesAreFractionsOfTheImagePerClass() {
        XYChart chart = DatasetCharts.boxSizes(ds);
        int points = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double x : s.getXData()) {
                assertTrue(x > 0 && x <= 1, "width fraction " + x);
            }
            points += s.getXData().length;
        }
        assertEquals(ds.objectCount(), points);
        Sample first = ds.get(0);
        VocObject o = first.objects().get(0);
        XYSeries series = chart.getSeriesMap().values().stream()
                .filter(s -> s.getName().startsWith(o.name() + " ")).findFirst().orElseThrow();
        double expected = o.box().width() / first.width();
        boolean found = false;
        for (double x : series.getXData()) {
            found |= Math.abs(x - expected) < 1e-6;
        }
        assertTrue(found, "the first object's width fraction " + expected + " is plotted");
    }

    @Test
    void objectsPerImageCountsImages() throws Exception {
        CategoryChart chart = DatasetCharts.objectsPerImage(ds);
        assertEquals(ds.size(), sum(chart.getSeriesMap().get("images").getYData()), 0);
        BufferedImage png = BitmapEncoder.getBufferedImage(chart);
        assertEquals(700, png.getWidth());
    }
}
