package io.jyolo.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jyolo.image.Images;
import io.jyolo.image.OpenCv;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Per-image milliseconds of each image stage (decode, resize to 448, HSV jitter, affine) on the
 * voc2012-sample JPEGs, one thread: first Java2D/ImageIO, second OpenCV (for the last stage, first
 * OpenCV's {@code warpAffine}, second the loader's {@link AxisWarp} resize). The two sides alternate pass by
 * pass (A, B, A, B ...) so machine load hits both alike; the median pass is reported. A
 * measurement, not a test: skipped unless {@code JYOLO_BENCH} is set.
 */
class ImageStageBench {

    private static final int SIZE = 448;

    @Test
    void stages() throws IOException {
        assumeTrue(System.getenv("JYOLO_BENCH") != null, "benchmark: set JYOLO_BENCH=1 to run");
        OpenCv.load(); // one OpenCV thread, the library's setting (JYOLO_OPENCV_THREADS changes it)
        System.out.println("STAGE OpenCV threads: " + Core.getNumThreads());
        VocDataset ds = VocDataset.open(Fixtures.shared("voc2012-sample"), null);
        List<byte[]> files = new ArrayList<>();
        for (Sample s : ds.samples()) {
            files.add(Files.readAllBytes(s.imagePath()));
        }
        List<BufferedImage> rgbs = new ArrayList<>();
        List<Mat> bgrs = new ArrayList<>();
        for (byte[] f : files) {
            rgbs.add(Images.decodeRgb(f, ds.get(0).imagePath()));
            bgrs.add(Imgcodecs.imdecode(new MatOfByte(f), Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION));
        }
        int passes = Integer.parseInt(System.getenv().getOrDefault("JYOLO_BENCH_PASSES", "9"));
        float[] dst = new float[Preprocess.floatsPerImage(SIZE)];
        Augmentation paper = Augmentation.paper();
        List<Augmenter.Draw> draws = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < files.size(); i++) {
            draws.add(Augmenter.draw(paper, SIZE, rnd));
        }
        Mat first = bgrs.get(0);
        byte[] px = MatWarp.resize(first, Resize.of(ResizeMode.STRETCH, first.cols(), first.rows(), SIZE));
        Mat squareMat = new Mat();
        Imgproc.resize(bgrs.get(0), squareMat, new Size(SIZE, SIZE), 0, 0, Imgproc.INTER_LINEAR);
        byte[] bgr = new byte[3 * SIZE * SIZE];

        Stage[] stages = {
            new Stage("decode", i -> Images.decodeRgb(files.get(i), ds.get(i).imagePath()).getWidth(),
                    i -> {
                        MatOfByte buf = new MatOfByte(files.get(i));
                        Mat m = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
                        int w = m.cols();
                        m.release();
                        buf.release();
                        return w;
                    }),
            new Stage("resize 448", i -> {
                BufferedImage img = rgbs.get(i);
                return Java2dReference.resize(img, Resize.of(ResizeMode.STRETCH, img.getWidth(), img.getHeight(), SIZE))
                        .getWidth();
            }, i -> {
                Mat src = bgrs.get(i);
                return MatWarp.resize(src, Resize.of(ResizeMode.STRETCH, src.cols(), src.rows(), SIZE)).length;
            }),
            new Stage("HSV jitter + CHW", i -> {
                Augmenter.Draw d = draws.get(i);
                Augmenter.writeChwHsv(px, SIZE, d.exposure(), d.saturation(), dst, 0);
                return 1;
            }, i -> {
                Augmenter.Draw d = draws.get(i);
                Mat hsv = new Mat();
                Mat rgb = new Mat();
                Imgproc.cvtColor(squareMat, hsv, Imgproc.COLOR_BGR2HSV);
                Core.multiply(hsv, new Scalar(1, d.saturation(), d.exposure()), hsv);
                Imgproc.cvtColor(hsv, rgb, Imgproc.COLOR_HSV2RGB);
                rgb.get(0, 0, bgr);
                int plane = SIZE * SIZE;
                for (int k = 0, p = 0; k < plane; k++, p += 3) {
                    dst[k] = Preprocess.normalise(bgr[p] & 0xff);
                    dst[plane + k] = Preprocess.normalise(bgr[p + 1] & 0xff);
                    dst[2 * plane + k] = Preprocess.normalise(bgr[p + 2] & 0xff);
                }
                hsv.release();
                rgb.release();
                return 1;
            }),
            new Stage("affine (resize+flip+scale+shift)", i -> {
                BufferedImage img = rgbs.get(i);
                Resize r = Resize.of(ResizeMode.STRETCH, img.getWidth(), img.getHeight(), SIZE);
                return Java2dReference.warp(img, SIZE, Augmenter.transform(r, draws.get(i))).getWidth();
            }, i -> {
                Mat src = bgrs.get(i);
                Resize r = Resize.of(ResizeMode.STRETCH, src.cols(), src.rows(), SIZE);
                return MatWarp.warp(src, Augmenter.transform(r, draws.get(i)), SIZE).length;
            }),
            // here the first side is OpenCV's warpAffine, the second the loader's rectangle resize
            new Stage("affine: warpAffine | AxisWarp", i -> {
                Mat src = bgrs.get(i);
                Resize r = Resize.of(ResizeMode.STRETCH, src.cols(), src.rows(), SIZE);
                return MatWarp.warp(src, Augmenter.transform(r, draws.get(i)), SIZE).length;
            }, i -> {
                Mat src = bgrs.get(i);
                Resize r = Resize.of(ResizeMode.STRETCH, src.cols(), src.rows(), SIZE);
                return MatWarp.warp(src, AxisWarp.realise(Augmenter.transform(r, draws.get(i)), src.cols(), src.rows(),
                        SIZE)).length;
            }),
        };
        for (Stage s : stages) {
            s.pass(files.size(), true); // warm-up
            s.pass(files.size(), false);
        }
        for (Stage s : stages) {
            double[] a = new double[passes];
            double[] b = new double[passes];
            for (int p = 0; p < passes; p++) {
                a[p] = s.pass(files.size(), true);
                b[p] = s.pass(files.size(), false);
            }
            Arrays.sort(a);
            Arrays.sort(b);
            System.out.printf(Locale.ROOT, "STAGE %-34s first %6.3f ms  second %6.3f ms  (median of %d"
                    + " alternating passes over %d images; min %.3f / %.3f)%n", s.name, a[passes / 2], b[passes / 2],
                    passes, files.size(), a[0], b[0]);
        }
    }

    private interface Work {
        int run(int i) throws IOException;
    }

    private record Stage(String name, Work java, Work cv) {
        /** Milliseconds per image over one pass. */
        double pass(int n, boolean javaSide) throws IOException {
            long t0 = System.nanoTime();
            long sink = 0;
            for (int i = 0; i < n; i++) {
                sink += (javaSide ? java : cv).run(i);
            }
            double ms = (System.nanoTime() - t0) / 1e6 / n;
            if (sink == 42) {
                System.out.print("");
            }
            return ms;
        }
    }

    /**
     * Resident memory while the training pipeline prepares 2,000 samples (20 passes over the
     * sample): a Mat left unreleased would grow it by about 0.6 MB per image.
     */
    @Test
    void residentMemoryOverTwoThousandSamples() throws IOException {
        assumeTrue(System.getenv("JYOLO_BENCH") != null, "benchmark: set JYOLO_BENCH=1 to run");
        VocDataset ds = VocDataset.open(Fixtures.shared("voc2012-sample"), null);
        SamplePipeline p = new SamplePipeline(ds.classes(), io.jyolo.model.OutputLayout.voc(), SIZE, ResizeMode.STRETCH,
                Augmentation.paper(), false);
        float[] img = new float[p.imageFloats()];
        float[] tgt = new float[p.targetFloats()];
        long n = 0;
        StringBuilder trace = new StringBuilder();
        for (int pass = 0; pass < 20; pass++) {
            for (Sample s : ds.samples()) {
                p.prepare(s, n++, img, 0, tgt, 0);
            }
            if (pass % 5 == 4 || pass == 1) {
                System.gc();
                trace.append(String.format(Locale.ROOT, " %d images: %d MB;", n, rssKb() / 1024));
            }
        }
        System.out.println("RSS" + trace);
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
