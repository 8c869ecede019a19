package io.jyolo.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.viz.Displayable;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.ServiceLoader;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class JyoloDisplayTest {

    private static Renderer renderer() {
        Renderer r = new Renderer();
        JyoloDisplay.register(r);
        return r;
    }

    @Test
    void theKernelFindsTheExtensionThroughItsServiceEntry() {
        boolean found = ServiceLoader.load(Extension.class).stream()
                .anyMatch(p -> p.type().equals(JyoloDisplay.class));
        assertTrue(found, "META-INF/services entry for JyoloDisplay");
    }

    @Test
    void tablesRenderAsHtmlWithTheirCells() {
        Table t = Table.create("objects",
                StringColumn.create("class", "circle", "star<&>"),
                IntColumn.create("count", 12, 7));
        DisplayData d = renderer().render(t);
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertNotNull(html);
        assertTrue(html.contains("<td>circle</td><td>12</td>"), html);
        assertTrue(html.contains("star&lt;&amp;&gt;"), html);
    }

    @Test
    void longTablesAreShortenedWithACount() {
        IntColumn c = IntColumn.create("i");
        for (int i = 0; i < 1000; i++) {
            c.append(i);
        }
        String html = HtmlTables.toHtml(Table.create("t", c), 10);
        assertTrue(html.contains("990 more rows"), html);
        assertTrue(html.contains("<td>0</td>") && html.contains("<td>999</td>"));
        assertTrue(!html.contains("<td>500</td>"));
    }

    @Test
    void chartsRenderAsPng() throws Exception {
        XYChart chart = new XYChartBuilder().width(300).height(200).title("loss").build();
        chart.addSeries("train", new double[] {1, 2, 3}, new double[] {3, 2, 1});
        DisplayData d = renderer().render(chart);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode((String) d.getData(MIMEType.IMAGE_PNG))));
        assertEquals(300, img.getWidth());
        assertEquals(200, img.getHeight());
    }

    @Test
    void displayablesShowTheirImage() throws Exception {
        BufferedImage picture = new BufferedImage(17, 9, BufferedImage.TYPE_INT_RGB);
        Displayable d = new Displayable() {
            @Override
            public BufferedImage image() {
                return picture;
            }
        };
        DisplayData data = renderer().render(d);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode((String) data.getData(MIMEType.IMAGE_PNG))));
        assertEquals(17, back.getWidth());
    }

    @Test
    void historiesAndEvaluationsRenderAsTables() {
        io.jyolo.run.History h = new io.jyolo.run.History();
        h.add(new io.jyolo.run.EpochRecord(1, 0.01, 5.5, 2, 1, 1, 1.5, 0.2, 6.0, 0.125, 10, 3, 0));
        String html = (String) renderer().render(h).getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<th>val_map</th>") && html.contains("<td>5.5</td>"), html);

        java.util.Map<String, java.util.List<io.jyolo.data.VocObject>> truth = java.util.Map.of("a",
                java.util.List.of(io.jyolo.data.VocObject.of("cat", new io.jyolo.data.Box(0, 0, 10, 10))));
        java.util.Map<String, java.util.List<io.jyolo.predict.Detection>> dets = java.util.Map.of("a",
                java.util.List.of(new io.jyolo.predict.Detection(0, "cat", 0.9f, new io.jyolo.data.Box(0, 0, 10, 10))));
        io.jyolo.eval.EvalResult r = io.jyolo.eval.VocEvaluator.builder().build().evaluate(truth, dets);
        DisplayData d = renderer().render(r);
        String evalHtml = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(evalHtml.startsWith("<p><b>mAP 100.00 %</b>"), evalHtml);
        assertTrue(evalHtml.contains("<td>cat</td>"), evalHtml);
        assertEquals(r.toText(), d.getData(MIMEType.TEXT_PLAIN));
    }
}
