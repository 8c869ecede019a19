package io.jyolo.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The project's built-in dataset: images of geometric shapes (see {@link ShapeKind}) on
 * cluttered backgrounds, generated locally in a PASCAL VOC layout, so that training,
 * evaluation and the notebooks work without downloading anything.
 *
 * <p>Layout: {@code JPEGImages/synth_NNNNN.jpg} (quality 90), {@code Annotations/synth_NNNNN.xml},
 * {@code classes.txt}, {@code ImageSets/Main/{train,val,test,trainval}.txt} and a
 * {@code NOTICE.md} with the options. Every image draws its randomness from its own
 * generator seeded by (seed, index), so the files are byte-identical for the same options
 * whatever the number of threads. Box coordinates are continuous pixel edges
 * ({@code 0..width}, the {@link Box} convention), not 1-based VOC indices.
 */
public final class SyntheticShapes {

    static final float JPEG_QUALITY = 0.9f;

    private SyntheticShapes() {
    }

    /**
     * Generates the dataset described by {@code config} into {@code config.out()}, which must
     * be absent or empty.
     *
     * @throws IOException when the folder is not empty or a file cannot be written
     */
    public static SynthSummary generate(SynthConfig config) throws IOException {
        long start = System.nanoTime();
        Path out = config.out();
        if (!SynthFolder.isAbsentOrEmpty(out)) {
            throw new IOException(out + ": folder is not empty; generate into a new folder (or replace an earlier"
                    + " generated dataset with clearGenerated)");
        }
        Files.createDirectories(out.resolve("JPEGImages"));
        Files.createDirectories(out.resolve("Annotations"));
        Files.createDirectories(out.resolve("ImageSets").resolve("Main"));
        // The marker goes first, so that a run that dies half-way can still be cleared.
        Files.writeString(out.resolve(SynthFolder.NOTICE), notice(config, null), StandardCharsets.UTF_8);
        Files.write(out.resolve("classes.txt"), ShapeKind.labels(), StandardCharsets.UTF_8);

        int[] perClass = new int[ShapeKind.values().length];
        int truncated = 0;
        int difficult = 0;
        for (List<Scene.Item> items : renderAll(config)) {
            for (Scene.Item item : items) {
                perClass[item.kind().ordinal()]++;
                truncated += item.truncated() ? 1 : 0;
                difficult += item.difficult() ? 1 : 0;
            }
        }
        List<List<String>> splits = splits(config);
        Path main = out.resolve("ImageSets").resolve("Main");
        Files.write(main.resolve("train.txt"), splits.get(0), StandardCharsets.UTF_8);
        Files.write(main.resolve("val.txt"), splits.get(1), StandardCharsets.UTF_8);
        Files.write(main.resolve("test.txt"), splits.get(2), StandardCharsets.UTF_8);
        List<String> trainval = new ArrayList<>(splits.get(0));
        trainval.addAll(splits.get(1));
        Collections.sort(trainval);
        Files.write(main.resolve("trainval.txt"), trainval, StandardCharsets.UTF_8);

        Map<String, Integer> byClass = new LinkedHashMap<>();
        for (ShapeKind k : ShapeKind.values()) {
            byClass.put(k.label(), perClass[k.ordinal()]);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        SynthSummary summary = new SynthSummary(out, config.count(), byClass, truncated, difficult,
                splits.get(0).size(), splits.get(1).size(), splits.get(2).size(), seconds);
        Files.writeString(out.resolve(SynthFolder.NOTICE), notice(config, summary), StandardCharsets.UTF_8);
        return summary;
    }

    /** The command line that makes the dataset of {@code c} (written into its NOTICE.md). */
    public static String command(SynthConfig c) {
        return String.format(Locale.ROOT,
                "jyolo dataset synth --out <folder> --count %d --size %d --seed %d --fractions %s,%s,%s"
                        + " --objects %d --object-size %s,%s",
                c.count(), c.imageSize(), c.seed(), c.trainFraction(), c.valFraction(), c.testFraction(),
                c.maxObjects(), c.minObjectSize(), c.maxObjectSize());
    }

    /**
     * True when {@code folder} holds a complete dataset generated with the options of {@code c}
     * (its NOTICE.md names the same command line and the generation finished), so set-up steps can
     * keep it, and regenerate it when the options, or the defaults of a newer jyolo, differ.
     */
    public static boolean isGeneratedWith(Path folder, SynthConfig c) throws IOException {
        Path notice = folder.resolve(SynthFolder.NOTICE);
        if (!Files.isRegularFile(notice) || !Files.isRegularFile(folder.resolve("ImageSets/Main/test.txt"))) {
            return false;
        }
        String text = Files.readString(notice, StandardCharsets.UTF_8);
        return text.contains("    " + command(c) + "\n") && text.contains("## Content");
    }

    /**
     * Empties {@code folder} if it holds a dataset made by {@link #generate} (and nothing else),
     * keeping the folder; does nothing when it is absent or empty.
     *
     * @throws IOException naming the first entry the generator did not write; nothing is deleted then
     */
    public static void clearGenerated(Path folder) throws IOException {
        SynthFolder.clear(folder);
    }

    /** The file stem of image {@code index}, e.g. {@code synth_00042}. */
    public static String stem(int index) {
        return String.format(Locale.ROOT, "synth_%05d", index);
    }

    /** The scene of image {@code index}: depends only on the seed, the index, the size and the object options. */
    static Scene scene(SynthConfig config, int index) {
        return SceneGenerator.generate(new SplittableRandom(imageSeed(config.seed(), index)),
                config.imageSize(), config.maxObjects(), config.minObjectSize(), config.maxObjectSize());
    }

    /** An independent, well-mixed seed per image (SplitMix64 finaliser of seed and index). */
    static long imageSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static List<List<Scene.Item>> renderAll(SynthConfig config) throws IOException {
        Path images = config.out().resolve("JPEGImages");
        Path annotations = config.out().resolve("Annotations");
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "synth-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<Scene.Item>>> futures = new ArrayList<>(config.count());
            for (int i = 0; i < config.count(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Scene scene = scene(config, index);
                    String stem = stem(index);
                    Jpeg.write(scene.image(), images.resolve(stem + ".jpg"), JPEG_QUALITY);
                    VocXml.write(scene.annotation(stem + ".jpg"), annotations.resolve(stem + ".xml"));
                    return scene.items();
                }));
            }
            List<List<Scene.Item>> all = new ArrayList<>(config.count());
            for (Future<List<Scene.Item>> f : futures) {
                all.add(f.get());
            }
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("generation interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException uio) {
                throw uio.getCause();
            }
            throw new IllegalStateException("generating an image failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Train, val and test stems: a seeded shuffle cut by the fractions, each list sorted. */
    static List<List<String>> splits(SynthConfig config) {
        int n = config.count();
        List<String> stems = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            stems.add(stem(i));
        }
        Collections.shuffle(stems, new Random(config.seed()));
        int train = (int) Math.round(n * config.trainFraction());
        int val = Math.min(n - train, (int) Math.round(n * config.valFraction()));
        if (config.testFraction() == 0) {
            val = n - train;
        }
        List<List<String>> out = List.of(
                new ArrayList<>(stems.subList(0, train)),
                new ArrayList<>(stems.subList(train, train + val)),
                new ArrayList<>(stems.subList(train + val, n)));
        out.forEach(Collections::sort);
        return out;
    }

    /** A fraction as written in NOTICE.md: at most 4 decimals, no trailing zeros (1/12 gives 0.0833). */
    private static String round4(double v) {
        return java.math.BigDecimal.valueOf(Math.round(v * 1e4) / 1e4).stripTrailingZeros().toPlainString();
    }

    private static String notice(SynthConfig c, SynthSummary s) {
        String nl = "\n";
        StringBuilder sb = new StringBuilder();
        sb.append(SynthFolder.MARKER).append(nl).append(nl);
        sb.append("Images of geometric shapes on cluttered backgrounds, made by jyolo's generator")
                .append(" (`io.jyolo.data.SyntheticShapes`); nothing was downloaded. It is jyolo's built-in")
                .append(" demo and test dataset, free of third-party content.").append(nl).append(nl);
        sb.append("## How it was generated").append(nl).append(nl);
        sb.append("    ").append(command(c)).append(nl);
        sb.append(nl).append(String.format(Locale.ROOT,
                "Options: %d images of %dx%d px, seed %d, 1..%d objects per image, split %s/%s/%s"
                        + " (train/val/test). The same options give byte-identical files.",
                c.count(), c.imageSize(), c.imageSize(), c.seed(), c.maxObjects(),
                c.trainFraction(), c.valFraction(), c.testFraction())).append(nl).append(nl);
        if (s != null) {
            sb.append("## Content").append(nl).append(nl);
            sb.append(String.format(Locale.ROOT, "%d images: train %d, val %d, test %d (`ImageSets/Main`,"
                    + " `trainval.txt` = train + val).", s.images(), s.train(), s.val(), s.test())).append(nl);
            sb.append(String.format(Locale.ROOT, "%d objects, %d truncated, %d difficult. Per class:",
                    s.objects(), s.truncated(), s.difficult())).append(nl).append(nl);
            s.objectsByClass().forEach((k, v) -> sb.append("* ").append(k).append(": ").append(v).append(nl));
            sb.append(nl);
        }
        sb.append("## Rules behind the annotations").append(nl).append(nl);
        sb.append("* Classes (`classes.txt`, index = line number from 0): ")
                .append(String.join(", ", ShapeKind.labels())).append(". Every shape is a filled polygon")
                .append(" (the circle a 72-gon), stretched to an aspect ratio between 3:4 and 4:3, rotated,")
                .append(" shaded, sometimes striped, in a colour chosen to contrast with what lies under it.").append(nl);
        sb.append(String.format(Locale.ROOT, "* Size: the larger side of a shape's full box is log-uniform between %s"
                + " and %s of the image side.", round4(c.minObjectSize()), round4(c.maxObjectSize()))).append(nl);
        sb.append("* Boxes are the tight box of the visible part of the shape (the polygon minus the shapes drawn")
                .append(" later, clipped to the image), computed from the geometry and rounded to 0.1 px, in")
                .append(" continuous pixel coordinates: 0 is the left/top image edge, the width/height the")
                .append(" right/bottom edge (not 1-based VOC indices).").append(nl);
        sb.append("* `truncated` = 1 exactly when the shape extends beyond the image (20 % of placements, 10-50 %")
                .append(" of the shape's extent cut at one border or a corner); its box then touches that border.")
                .append(" Untruncated shapes stay at least 1 px from every border.").append(nl);
        sb.append("* Occlusion: shapes are drawn in annotation order, later on top. A placement that would leave")
                .append(" any shape with less than 30 % of its full area visible, or a visible box side under")
                .append(" max(3, size/40) px, is retried (30 attempts, else the object is left out).").append(nl);
        sb.append("* `difficult` = 1 when 50 % or more of the shape's in-image area is covered by later shapes.").append(nl);
        sb.append("* Backgrounds: muted gradients with smooth value noise, sometimes faint stripes, and")
                .append(" distractors that are not objects (lines, curves, translucent irregular stains);")
                .append(" Gaussian pixel noise over everything; JPEG quality 90.").append(nl);
        return sb.toString();
    }
}
