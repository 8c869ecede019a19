package io.jyolo.tensorboard;

import io.jyolo.tensorboard.proto.Event;
import io.jyolo.tensorboard.proto.SessionLog;
import io.jyolo.tensorboard.proto.Summary;
import io.jyolo.tensorboard.proto.TensorProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The scalars, histograms, images and texts of one run, read from its event files (jyolo's or
 * TensorBoard's) the way TensorBoard reads them, so notebooks and tests see what the dashboard
 * shows.
 *
 * <p>Files are read in name order, as TensorBoard does. Values come from TensorFlow 1 style
 * summaries ({@code simple_value}, {@code histo}, {@code image}) and from tensor summaries of
 * the scalars, histograms, images and text plugins. Duplicates are resolved as TensorBoard
 * resolves them, giving one value per tag and step: a SessionLog START at step k discards all
 * earlier values at steps &gt;= k (TensorBoard's Python loader), and a value at step s discards the
 * earlier values of its tag at steps &gt;= s (its Rust data server), so a step logged twice keeps
 * its last value. An incomplete last record of a file is skipped and listed in
 * {@link #truncations()}; a bad checksum fails the read.
 */
public final class EventLog {

    private static final System.Logger LOG = System.getLogger(EventLog.class.getName());

    private final Path source;
    private final List<Path> files;
    private final List<Truncation> truncations;
    private final Map<String, NavigableMap<Long, ScalarPoint>> scalars = new TreeMap<>();
    private final Map<String, NavigableMap<Long, HistogramPoint>> histograms = new TreeMap<>();
    private final Map<String, NavigableMap<Long, ImagePoint>> images = new TreeMap<>();
    private final Map<String, NavigableMap<Long, TextPoint>> texts = new TreeMap<>();
    private final Map<String, String> pluginByTag = new HashMap<>();
    private int skippedValues;

    private EventLog(Path source, List<Path> files, List<Truncation> truncations) {
        this.source = source;
        this.files = files;
        this.truncations = truncations;
    }

    /**
     * Reads a run: every event file directly inside {@code runDirOrFile} (subdirectories are other
     * runs), or that single file.
     */
    public static EventLog read(Path runDirOrFile) throws IOException {
        if (!Files.exists(runDirOrFile)) {
            throw new IOException("no such event log directory or file: " + runDirOrFile);
        }
        List<Path> files = Files.isDirectory(runDirOrFile) ? EventFileNames.list(runDirOrFile)
                : List.of(runDirOrFile);
        List<Truncation> truncations = new ArrayList<>();
        EventLog log = new EventLog(runDirOrFile, files, truncations);
        for (Path file : files) {
            try (EventFileReader reader = EventFileReader.open(file)) {
                for (Optional<EventRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                    log.add(r.get().event());
                }
                reader.truncation().ifPresent(t -> {
                    truncations.add(t);
                    LOG.log(System.Logger.Level.WARNING, t.toString());
                });
            }
        }
        return log;
    }

    /** Every tag that holds a value of any kind. */
    public SortedSet<String> tags() {
        SortedSet<String> all = new TreeSet<>(scalars.keySet());
        all.addAll(histograms.keySet());
        all.addAll(images.keySet());
        all.addAll(texts.keySet());
        return Collections.unmodifiableSortedSet(all);
    }

    /** Tags of scalars. */
    public SortedSet<String> scalarTags() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(scalars.keySet()));
    }

    /** Tags of histograms. */
    public SortedSet<String> histogramTags() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(histograms.keySet()));
    }

    /** Tags of images. */
    public SortedSet<String> imageTags() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(images.keySet()));
    }

    /** The scalars of {@code tag} by increasing step, one per step. */
    public List<ScalarPoint> scalars(String tag) {
        return points(scalars, tag, "scalar");
    }

    /** The histograms of {@code tag} by increasing step, one per step. */
    public List<HistogramPoint> histograms(String tag) {
        return points(histograms, tag, "histogram");
    }

    /** The images of {@code tag} by increasing step, one per step (the first image of a multi-image value). */
    public List<ImagePoint> images(String tag) {
        return points(images, tag, "image");
    }

    /** The texts of {@code tag} by increasing step, one per step. */
    public List<TextPoint> texts(String tag) {
        return points(texts, tag, "text");
    }

    /** The event files read, in reading order. */
    public List<Path> files() {
        return List.copyOf(files);
    }

    /** Incomplete last records skipped (a writer crashed mid-write). */
    public List<Truncation> truncations() {
        return List.copyOf(truncations);
    }

    /** Summary values of kinds this reader does not present (audio, graphs, other plugins). */
    public int skippedValues() {
        return skippedValues;
    }

    private <P> List<P> points(Map<String, NavigableMap<Long, P>> byTag, String tag, String kind) {
        NavigableMap<Long, P> series = byTag.get(tag);
        if (series == null) {
            throw new IllegalArgumentException("no " + kind + " tag '" + tag + "' in " + source + "; " + kind
                    + " tags: " + byTag.keySet());
        }
        return List.copyOf(series.values());
    }

    private void add(Event event) {
        long step = event.getStep();
        if (event.hasSessionLog() && event.getSessionLog().getStatus() == SessionLog.SessionStatus.START) {
            for (Map<String, ? extends NavigableMap<Long, ?>> kind : List.of(scalars, histograms, images, texts)) {
                kind.values().forEach(series -> series.tailMap(step, true).clear());
            }
            return;
        }
        if (!event.hasSummary()) {
            return;
        }
        double wall = event.getWallTime();
        for (Summary.Value value : event.getSummary().getValueList()) {
            String tag = value.getTag();
            if (value.hasMetadata() && value.getMetadata().hasPluginData()) {
                pluginByTag.putIfAbsent(tag, value.getMetadata().getPluginData().getPluginName());
            }
            try {
                if (!addValue(tag, step, wall, value)) {
                    skippedValues++;
                }
            } catch (IllegalArgumentException e) {
                skippedValues++;
                LOG.log(System.Logger.Level.WARNING, "skipping value of tag '" + tag + "' at step " + step + " in "
                        + source + ": " + e.getMessage());
            }
        }
    }

    private boolean addValue(String tag, long step, double wall, Summary.Value value) {
        switch (value.getValueCase()) {
            case SIMPLE_VALUE -> put(scalars, tag, step, new ScalarPoint(step, wall, value.getSimpleValue()));
            case HISTO -> put(histograms, tag, step, new HistogramPoint(step, wall, Histogram.fromProto(value.getHisto())));
            case IMAGE -> put(images, tag, step, new ImagePoint(step, wall, value.getImage().getWidth(),
                    value.getImage().getHeight(), value.getImage().getEncodedImageString().toByteArray()));
            case TENSOR -> {
                return addTensor(tag, step, wall, value.getTensor());
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean addTensor(String tag, long step, double wall, TensorProto tensor) {
        String plugin = pluginByTag.getOrDefault(tag, "");
        switch (plugin) {
            case "scalars" -> {
                double[] v = TensorValues.numbers(tensor);
                if (v.length != 1) {
                    throw new IllegalArgumentException("scalar tensor has " + v.length + " elements");
                }
                put(scalars, tag, step, new ScalarPoint(step, wall, v[0]));
            }
            case "histograms" -> put(histograms, tag, step, new HistogramPoint(step, wall, fromBuckets(tensor)));
            case "images" -> {
                List<byte[]> s = TensorValues.strings(tensor);
                if (s.size() < 3) {
                    throw new IllegalArgumentException("image tensor holds no image");
                }
                put(images, tag, step, new ImagePoint(step, wall, parseInt(s.get(0)), parseInt(s.get(1)), s.get(2)));
            }
            case "text" -> {
                List<String> lines = TensorValues.strings(tensor).stream()
                        .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
                put(texts, tag, step, new TextPoint(step, wall, String.join("\n", lines)));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A histogram of the histograms plugin: a k x 3 tensor of (left edge, right edge, count). */
    private static Histogram fromBuckets(TensorProto tensor) {
        long[] shape = TensorValues.shape(tensor);
        double[] v = TensorValues.numbers(tensor);
        if (v.length == 0) {
            return new Histogram(0, 0, 0, 0, 0, new double[0], new double[0]);
        }
        if (shape.length != 2 || shape[1] != 3) {
            throw new IllegalArgumentException("histogram tensor has shape " + Arrays.toString(shape)
                    + ", expected k x 3");
        }
        int k = (int) shape[0];
        double[] limits = new double[k];
        double[] counts = new double[k];
        double num = 0;
        for (int i = 0; i < k; i++) {
            limits[i] = v[3 * i + 1];
            counts[i] = v[3 * i + 2];
            num += counts[i];
        }
        return new Histogram(v[0], v[3 * (k - 1) + 1], num, Double.NaN, Double.NaN, limits, counts);
    }

    private static int parseInt(byte[] ascii) {
        try {
            return Integer.parseInt(new String(ascii, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("image tensor dimension is not a number", e);
        }
    }

    private static <P> void put(Map<String, NavigableMap<Long, P>> byTag, String tag, long step, P point) {
        NavigableMap<Long, P> series = byTag.computeIfAbsent(tag, t -> new TreeMap<>());
        series.tailMap(step, true).clear();
        series.put(step, point);
    }
}
