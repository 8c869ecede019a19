package io.jyolo.data;

import io.jyolo.model.OutputLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;

/**
 * What a dataset holds and what was lost opening it, to look at before training on it.
 *
 * <p>Cell collisions are counted the way {@link TargetEncoder} would drop objects at grid
 * {@code gridSize} with a stretch resize and no augmentation (difficult objects left out), so
 * the number says how much ground truth the YOLO v1 target cannot represent. Box sizes are
 * relative areas ({@code box area / image area}) of the kept objects.
 *
 * @param name               the dataset (folder and split)
 * @param images             samples (images kept)
 * @param emptyImages        samples without any kept object
 * @param objects            kept objects, difficult included
 * @param difficult          kept objects marked difficult
 * @param classes            one row per class, in class order
 * @param skipped            skip counts by kind
 * @param clippedBoxes       boxes clipped to their image (kept)
 * @param gridSize           grid used for {@code cellCollisions}
 * @param cellCollisions     objects that lose their cell to another object
 * @param areaQuantiles      relative box areas at 10, 50 and 90 % over all kept objects (NaN when none)
 */
public record DatasetSummary(String name, int images, int emptyImages, int objects, int difficult,
                             List<ClassRow> classes, Map<DatasetSkip.Kind, Integer> skipped, int clippedBoxes,
                             int gridSize, int cellCollisions, double[] areaQuantiles) {

    /** Prints integers without decimals and fractions with four significant decimals. */
    private static final NumberColumnFormatter COMPACT =
            new NumberColumnFormatter(new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));

    /** The quantile levels of {@link #areaQuantiles()}. */
    public static final double[] QUANTILES = {0.1, 0.5, 0.9};

    /**
     * Per-class counts.
     *
     * @param name          class name
     * @param images        images containing at least one object of the class
     * @param objects       kept objects of the class
     * @param difficult     of which difficult
     * @param areaQuantiles relative box areas at 10, 50 and 90 %
     */
    public record ClassRow(String name, int images, int objects, int difficult, double[] areaQuantiles) {
    }

    public DatasetSummary {
        classes = List.copyOf(classes);
        skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    /** Summarises {@code ds}, counting cell collisions at an {@code gridSize x gridSize} grid. */
    public static DatasetSummary of(VocDataset ds, int gridSize) {
        List<String> names = ds.classes();
        int c = names.size();
        int[] images = new int[c];
        int[] objects = new int[c];
        int[] difficult = new int[c];
        List<List<Double>> areas = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            areas.add(new ArrayList<>());
        }
        List<Double> allAreas = new ArrayList<>();
        int empty = 0;
        int totalDifficult = 0;
        int collisions = 0;
        int size = 448;
        TargetEncoder encoder = new TargetEncoder(new OutputLayout(gridSize, 1, c), size, false);
        float[] scratch = new float[encoder.floatsPerImage()];
        for (Sample s : ds.samples()) {
            if (s.objects().isEmpty()) {
                empty++;
            }
            boolean[] seen = new boolean[c];
            Resize r = Resize.of(ResizeMode.STRETCH, s.width(), s.height(), size);
            List<InputBox> boxes = new ArrayList<>();
            for (VocObject o : s.objects()) {
                int k = ds.classIndex(o.name());
                objects[k]++;
                if (o.difficult()) {
                    difficult[k]++;
                    totalDifficult++;
                }
                seen[k] = true;
                double rel = o.box().area() / ((double) s.width() * s.height());
                areas.get(k).add(rel);
                allAreas.add(rel);
                boxes.add(new InputBox(k, r.toInput(o.box()), o.difficult()));
            }
            for (int k = 0; k < c; k++) {
                images[k] += seen[k] ? 1 : 0;
            }
            collisions += encoder.encode(boxes, scratch, 0).collisions();
        }
        List<ClassRow> rows = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            rows.add(new ClassRow(names.get(k), images[k], objects[k], difficult[k], quantiles(areas.get(k))));
        }
        String name = ds.root().getFileName() + (ds.split() == null ? "" : " (" + ds.split() + ")");
        return new DatasetSummary(name, ds.size(), empty, allAreas.size(), totalDifficult, rows, ds.skipCounts(),
                ds.clippedBoxes(), gridSize, collisions, quantiles(allAreas));
    }

    /** Skips of the unpaired-file kinds (image without XML, XML without image, listed without files). */
    public int missingPairs() {
        return skipped.entrySet().stream().filter(e -> e.getKey().missingPair()).mapToInt(Map.Entry::getValue).sum();
    }

    /** Skip count of {@code kind}. */
    public int skipped(DatasetSkip.Kind kind) {
        return skipped.getOrDefault(kind, 0);
    }

    /** Objects of class {@code name}, or 0. */
    public int objectsOf(String name) {
        return classes.stream().filter(r -> r.name().equals(name)).mapToInt(ClassRow::objects).findFirst().orElse(0);
    }

    /** One row per class plus a final "(all)" row: images, objects, difficult, relative-area quantiles. */
    public Table classTable() {
        StringColumn cls = StringColumn.create("class");
        IntColumn img = IntColumn.create("images");
        IntColumn obj = IntColumn.create("objects");
        IntColumn dif = IntColumn.create("difficult");
        DoubleColumn q10 = DoubleColumn.create("area_p10");
        DoubleColumn q50 = DoubleColumn.create("area_p50");
        DoubleColumn q90 = DoubleColumn.create("area_p90");
        for (ClassRow r : classes) {
            cls.append(r.name());
            img.append(r.images());
            obj.append(r.objects());
            dif.append(r.difficult());
            q10.append(r.areaQuantiles()[0]);
            q50.append(r.areaQuantiles()[1]);
            q90.append(r.areaQuantiles()[2]);
        }
        cls.append("(all)");
        img.append(images);
        obj.append(objects);
        dif.append(difficult);
        q10.append(areaQuantiles[0]);
        q50.append(areaQuantiles[1]);
        q90.append(areaQuantiles[2]);
        for (DoubleColumn c : List.of(q10, q50, q90)) {
            c.setPrintFormatter(COMPACT);
        }
        return Table.create(name + " classes", cls, img, obj, dif, q10, q50, q90);
    }

    /** Two columns, metric and value: totals, skips by kind, collisions, overall area quantiles. */
    public Table table() {
        StringColumn metric = StringColumn.create("metric");
        DoubleColumn value = DoubleColumn.create("value");
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("images", (double) images);
        m.put("empty images", (double) emptyImages);
        m.put("objects", (double) objects);
        m.put("difficult", (double) difficult);
        m.put("classes", (double) classes.size());
        skipped.forEach((k, v) -> m.put("skipped " + k.name().toLowerCase(java.util.Locale.ROOT), (double) v));
        m.put("skipped missing pair (total)", (double) missingPairs());
        m.put("clipped boxes", (double) clippedBoxes);
        m.put("cell collisions at S=" + gridSize, (double) cellCollisions);
        for (int i = 0; i < QUANTILES.length; i++) {
            m.put("box area fraction p" + Math.round(QUANTILES[i] * 100), areaQuantiles[i]);
        }
        m.forEach((k, v) -> {
            metric.append(k);
            value.append(v);
        });
        value.setPrintFormatter(COMPACT);
        return Table.create(name + " summary", metric, value);
    }

    /** Linear-interpolated quantiles at {@link #QUANTILES}; NaN for an empty list. */
    static double[] quantiles(List<Double> values) {
        double[] q = new double[QUANTILES.length];
        if (values.isEmpty()) {
            Arrays.fill(q, Double.NaN);
            return q;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (int i = 0; i < QUANTILES.length; i++) {
            double pos = QUANTILES[i] * (v.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(v.length - 1, lo + 1);
            q[i] = v[lo] + (pos - lo) * (v[hi] - v[lo]);
        }
        return q;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%s: %d images (%d empty), %d objects (%d difficult), %d classes, skipped %s, %d clipped, "
                        + "%d cell collisions at S=%d, box area p10/p50/p90 = %.4f/%.4f/%.4f",
                name, images, emptyImages, objects, difficult, classes.size(), skipped, clippedBoxes, cellCollisions,
                gridSize, areaQuantiles[0], areaQuantiles[1], areaQuantiles[2]);
    }
}
