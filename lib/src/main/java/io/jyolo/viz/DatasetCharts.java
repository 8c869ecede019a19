package io.jyolo.viz;

import io.jyolo.data.Sample;
import io.jyolo.data.VocDataset;
import io.jyolo.data.VocObject;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts a first look at a dataset needs: how many objects of each class there are (class
 * imbalance), how large the boxes are relative to the image (YOLO v1's grid struggles with small
 * and crowded objects), and how many objects an image holds (two objects in one grid cell compete
 * for one cell's predictions).
 */
public final class DatasetCharts {

    private DatasetCharts() {
    }

    /** Objects per class as bars, difficult ones as a second bar, in class-file order. */
    public static CategoryChart objectsPerClass(VocDataset ds) {
        List<String> classes = ds.classes();
        double[] all = new double[classes.size()];
        double[] difficult = new double[classes.size()];
        for (Sample s : ds.samples()) {
            for (VocObject o : s.objects()) {
                int c = ds.classIndex(o.name());
                if (c >= 0) {
                    all[c]++;
                    if (o.difficult()) {
                        difficult[c]++;
                    }
                }
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(700).height(400)
                .title("Objects per class (" + ds.objectCount() + " objects, " + ds.size() + " images)")
                .xAxisTitle("class").yAxisTitle("objects").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.addSeries("objects", classes, toList(all));
        chart.addSeries("difficult", classes, toList(difficult));
        return chart;
    }

    /**
     * Box width against box height, both as a fraction of the image side, one colour per class:
     * where the objects sit between "one grid cell" and "the whole image".
     */
    public static XYChart boxSizes(VocDataset ds) {
        List<String> classes = ds.classes();
        List<List<Double>> w = new ArrayList<>();
        List<List<Double>> h = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            w.add(new ArrayList<>());
            h.add(new ArrayList<>());
        }
        for (Sample s : ds.samples()) {
            for (VocObject o : s.objects()) {
                int c = ds.classIndex(o.name());
                if (c >= 0 && s.width() > 0 && s.height() > 0) {
                    w.get(c).add((double) o.box().width() / s.width());
                    h.get(c).add((double) o.box().height() / s.height());
                }
            }
        }
        XYChart chart = new XYChartBuilder().width(700).height(500).title("Box sizes relative to the image")
                .xAxisTitle("box width / image width").yAxisTitle("box height / image height").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (int c = 0; c < classes.size(); c++) {
            if (w.get(c).isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(classes.get(c) + " (" + w.get(c).size() + ")", w.get(c), h.get(c));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(Palette.of(c));
        }
        return chart;
    }

    /** How many images hold 0, 1, 2, ... objects. */
    public static CategoryChart objectsPerImage(VocDataset ds) {
        int max = ds.samples().stream().mapToInt(s -> s.objects().size()).max().orElse(0);
        double[] counts = new double[max + 1];
        for (Sample s : ds.samples()) {
            counts[s.objects().size()]++;
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            labels.add(Integer.toString(i));
        }
        CategoryChart chart = new CategoryChartBuilder().width(700).height(350).title("Objects per image")
                .xAxisTitle("objects in the image").yAxisTitle("images").build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("images", labels, toList(counts));
        return chart;
    }

    private static List<Double> toList(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(d);
        }
        return out;
    }
}
