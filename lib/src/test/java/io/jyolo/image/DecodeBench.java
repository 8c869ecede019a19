package io.jyolo.image;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Milliseconds per VOC photo for each JPEG decoder jyolo can use, one thread, the three alternating pass by
 * pass so machine load hits all alike; the median pass is reported: ImageIO (the JDK's libjpeg), TurboJPEG
 * (when installed) and OpenCV's {@code imdecode} (the openpnp build, libjpeg-turbo without SIMD). Bytes are
 * in memory, so no disk read is timed. A measurement, not a test: skipped unless {@code JYOLO_BENCH} is set.
 */
class DecodeBench {

    private interface Decoder {
        Object decode(byte[] jpeg) throws IOException;
    }

    @Test
    void decoders() throws IOException {
        assumeTrue(System.getenv("JYOLO_BENCH") != null, "benchmark: set JYOLO_BENCH=1 to run");
        List<byte[]> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(TurboJpegTest.sharedJpegs())) {
            for (Path p : list.sorted().toList()) {
                files.add(Files.readAllBytes(p));
            }
        }
        OpenCv.load();
        List<String> names = new ArrayList<>(List.of("ImageIO", "OpenCV imdecode"));
        List<Decoder> decoders = new ArrayList<>(List.of(ImageDecoder::decodeWithImageIo, b -> {
            MatOfByte buf = new MatOfByte(b);
            Mat m = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
            int cols = m.cols();
            m.release();
            buf.release();
            return cols;
        }));
        if (TurboJpeg.available()) {
            names.add("TurboJPEG");
            decoders.add(TurboJpeg::decode);
        }
        int passes = Integer.parseInt(System.getenv().getOrDefault("JYOLO_BENCH_PASSES", "9"));
        double[][] ms = new double[decoders.size()][passes + 1];
        for (int pass = 0; pass <= passes; pass++) { // pass 0 warms up
            for (int d = 0; d < decoders.size(); d++) {
                long t0 = System.nanoTime();
                for (byte[] f : files) {
                    if (decoders.get(d).decode(f) == null) {
                        throw new IllegalStateException(names.get(d) + " declined a VOC photo");
                    }
                }
                ms[d][pass] = (System.nanoTime() - t0) / 1e6 / files.size();
            }
        }
        for (int d = 0; d < decoders.size(); d++) {
            double[] m = Arrays.copyOfRange(ms[d], 1, passes + 1);
            Arrays.sort(m);
            System.out.printf(Locale.ROOT, "DECODE %-16s %6.3f ms per photo (median of %d alternating passes over %d; "
                    + "min %.3f, max %.3f)%n", names.get(d), m[passes / 2], passes, files.size(), m[0], m[passes - 1]);
        }
        System.out.println("DECODE TurboJPEG: " + TurboJpeg.decoder());
    }
}
