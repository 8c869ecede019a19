package io.jyolo.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jyolo.eval.ApMethod;
import io.jyolo.eval.ClassAp;
import io.jyolo.eval.EvalResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class PrCurveChartTest {

    @TempDir
    Path tmp;

    @Test
    void oneSeriesPerClassWithACurveAndAPngOnDisk() throws IOException {
        ClassAp cat = new ClassAp("cat", 0.8333, 2, 3, 2, 1, new double[] {1, 0.5, 2 / 3.0}, new double[] {0.5, 0.5, 1});
        ClassAp dog = new ClassAp("dog", 0.5, 2, 1, 1, 0, new double[] {1}, new double[] {0.5});
        ClassAp cow = new ClassAp("cow", 0.0, 1, 0, 0, 0, new double[0], new double[0]);
        EvalResult r = new EvalResult(List.of(cat, dog, cow), (0.8333 + 0.5) / 3, ApMethod.ALL_POINT, 0.5, List.of());
        XYChart chart = PrCurveChart.of(r);
        assertEquals(List.of("cat (AP 83.3 %)", "dog (AP 50.0 %)"), List.copyOf(chart.getSeriesMap().keySet()));
        XYSeries s = chart.getSeriesMap().get("cat (AP 83.3 %)");
        assertArrayEquals(new double[] {0.5, 0.5, 1}, s.getXData(), 1e-12);
        assertArrayEquals(new double[] {1, 0.5, 2 / 3.0}, s.getYData(), 1e-12);

        Path png = tmp.resolve("charts/pr.png");
        PrCurveChart.savePng(chart, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(600, img.getHeight());
    }
}
