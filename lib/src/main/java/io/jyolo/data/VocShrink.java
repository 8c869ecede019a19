package io.jyolo.data;

import io.jyolo.image.Images;
import io.jyolo.image.Mats;
import io.jyolo.image.OpenCv;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Writes a copy of a VOC folder whose images are at most {@code maxSide} pixels on their longer side, with
 * the annotations scaled to match: what to do once with a folder of camera photos before training on it.
 *
 * <p>Why: the network sees 448 x 448 pixels, but a 12-megapixel photo costs the loader tens of milliseconds
 * to decode on every epoch it is not in the decoded-image cache, and 36 MB of that cache when it is; the
 * augmentation's bilinear resize from such a photo also aliases (it samples 4 of the 80 or so pixels each
 * input pixel covers). Shrunk once with OpenCV's area averaging, the photos decode in about a millisecond,
 * a few thousand fit the cache, and the network sees them without aliasing. {@link #DEFAULT_MAX_SIDE} is
 * twice the default input, room for the augmentation's 1.2x zoom and a larger input size.
 *
 * <p>Images already small enough are copied byte for byte with their annotation unchanged; shrunk ones
 * keep their file name and format (JPEG at quality 95). Boxes are scaled by the same factors as the
 * picture along each axis, so they cover the same content. {@code ImageSets} and {@code classes.txt} are
 * copied. What {@link VocDataset} skips in the source (unreadable annotation, missing image) is not
 * written and is counted in the result; an image that cannot be decoded is an error naming the file.
 */
public final class VocShrink {

    /** Twice the default 448-pixel input. */
    public static final int DEFAULT_MAX_SIDE = 896;
    /** The smallest longer side a shrink may ask for. */
    public static final int MIN_SIDE = 32;
    private static final int JPEG_QUALITY = 95;

    private VocShrink() {
    }

    /**
     * What one shrink did.
     *
     * @param images      images written (shrunk plus copied)
     * @param shrunk      images made smaller
     * @param skipped     source samples {@link VocDataset} skipped, not written
     * @param bytesBefore size of the written images' source files
     * @param bytesAfter  size of the written image files
     */
    public record Result(int images, int shrunk, int skipped, long bytesBefore, long bytesAfter) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d images (%d shrunk, %d copied), %d skipped; image files %.1f MB"
                    + " -> %.1f MB", images, shrunk, images - shrunk, skipped, bytesBefore / 1e6, bytesAfter / 1e6);
        }
    }

    /**
     * Shrinks {@code source} into {@code target}, which must not exist or be an empty folder.
     *
     * @param progress told "done of total" now and then (never null; {@code s -> { }} for silence)
     * @throws IOException naming the file, for an image that cannot be decoded or a file that cannot be written
     */
    public static Result run(Path source, Path target, int maxSide, Consumer<String> progress) throws IOException {
        if (maxSide < MIN_SIDE) {
            throw new IllegalArgumentException("the longest side must be at least " + MIN_SIDE + " pixels, got "
                    + maxSide);
        }
        if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
            throw new IOException(target + ": exists and is not an empty folder (shrink writes a new copy)");
        }
        if (source.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
            throw new IOException(target + ": the copy must go to another folder than " + source);
        }
        VocDataset ds = VocDataset.open(source, null);
        Files.createDirectories(target.resolve("Annotations"));
        Files.createDirectories(target.resolve("JPEGImages"));
        copyTree(source.resolve("ImageSets"), target.resolve("ImageSets"));
        if (Files.isRegularFile(source.resolve("classes.txt"))) {
            Files.copy(source.resolve("classes.txt"), target.resolve("classes.txt"));
        }
        AtomicInteger done = new AtomicInteger();
        AtomicInteger shrunk = new AtomicInteger();
        AtomicLong before = new AtomicLong();
        AtomicLong after = new AtomicLong();
        int total = ds.samples().size();
        int step = Math.max(1, total / 20);
        try {
            ds.samples().parallelStream().forEach(s -> {
                try {
                    Path image = target.resolve("JPEGImages").resolve(s.imagePath().getFileName());
                    before.addAndGet(Files.size(s.imagePath()));
                    if (write(s, image, target.resolve("Annotations").resolve(s.id() + ".xml"), maxSide)) {
                        shrunk.incrementAndGet();
                    }
                    after.addAndGet(Files.size(image));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                int n = done.incrementAndGet();
                if (n % step == 0 || n == total) {
                    progress.accept(n + " of " + total + " images");
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Result(done.get(), shrunk.get(), ds.skipped().size(), before.get(), after.get());
    }

    /**
     * A line advising {@code jyolo dataset shrink}, when some of {@code samples} are more than four times
     * {@code inputSize} on their longer side (from their annotations: nothing is decoded); empty otherwise.
     * The trainer logs it at the start of a run.
     */
    public static Optional<String> hint(List<Sample> samples, int inputSize) {
        int limit = 4 * inputSize;
        int large = 0;
        Sample largest = null;
        for (Sample s : samples) {
            int side = Math.max(s.width(), s.height());
            if (side > limit) {
                large++;
                if (largest == null || side > Math.max(largest.width(), largest.height())) {
                    largest = s;
                }
            }
        }
        if (large == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%d of %d training images are larger than %d px on their longer"
                + " side (largest %d x %d, %s): the loader decodes each for tens of milliseconds on every epoch it"
                + " has not cached; `jyolo dataset shrink SOURCE TARGET` writes a copy at most %d px to train on",
                large, samples.size(), limit, largest.width(), largest.height(), largest.imagePath(),
                Math.max(DEFAULT_MAX_SIDE, 2 * inputSize)));
    }

    /** Writes one sample's image and annotation; true when the image was made smaller. */
    private static boolean write(Sample s, Path image, Path xml, int maxSide) throws IOException {
        VocAnnotation a = s.annotation();
        double scale = Math.min(1.0, maxSide / (double) Math.max(a.width(), a.height()));
        int w = Math.max(1, (int) Math.round(a.width() * scale));
        int h = Math.max(1, (int) Math.round(a.height() * scale));
        if (w == a.width() && h == a.height()) {
            Files.copy(s.imagePath(), image, StandardCopyOption.COPY_ATTRIBUTES);
            VocXml.write(a, xml);
            return false;
        }
        BufferedImage decoded = Images.read(s.imagePath());
        s.requireSize(decoded);
        OpenCv.load();
        Mat picture = Mats.toBgrMat(decoded);
        Mat small = new Mat();
        MatOfByte encoded = new MatOfByte();
        try {
            Imgproc.resize(picture, small, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
            String name = image.getFileName().toString();
            String extension = name.substring(name.lastIndexOf('.')).toLowerCase(Locale.ROOT);
            boolean jpeg = extension.equals(".jpg") || extension.equals(".jpeg");
            MatOfInt params = jpeg ? new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY) : new MatOfInt();
            if (!Imgcodecs.imencode(jpeg ? ".jpg" : extension, small, encoded, params)) {
                throw new IOException(image + ": OpenCV cannot write " + extension + " files");
            }
            Files.write(image, encoded.toArray());
        } finally {
            picture.release();
            small.release();
            encoded.release();
        }
        VocXml.write(scaled(a, w, h), xml);
        return true;
    }

    /** {@code a} for its picture scaled to {@code w x h}: every box scaled by the same factors. */
    static VocAnnotation scaled(VocAnnotation a, int w, int h) {
        double sx = w / (double) a.width();
        double sy = h / (double) a.height();
        List<VocObject> objects = new ArrayList<>(a.objects().size());
        for (VocObject o : a.objects()) {
            Box b = o.box();
            Box box = new Box((float) (b.xmin() * sx), (float) (b.ymin() * sy), (float) (b.xmax() * sx),
                    (float) (b.ymax() * sy));
            objects.add(new VocObject(o.name(), box, o.difficult(), o.truncated()));
        }
        return new VocAnnotation(a.filename(), w, h, a.depth(), objects);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}
