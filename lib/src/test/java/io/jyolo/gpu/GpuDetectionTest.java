package io.jyolo.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.jyolo.predict.Detection;
import io.jyolo.detect.Detector;
import io.jyolo.detect.DetectorOptions;
import io.jyolo.detect.TestRuns;
import io.jyolo.detect.VideoDetection;
import io.jyolo.video.FrameSourceOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection on the GPU: images give the CPU's boxes (scores within 1e-3, box corners within 1e-3 of the
 * picture, for the TF32 reason given in {@link GpuTrainingTest}), and a video runs through the GPU
 * detector into an annotated file.
 */
@Tag(Gpus.TAG)
class GpuDetectionTest {

    @TempDir
    Path tmp;

    private static List<BufferedImage> testImages() throws IOException {
        try (Stream<Path> files = Files.list(TestRuns.data().resolve("JPEGImages"))) {
            return files.sorted().limit(8).map(f -> {
                try {
                    return ImageIO.read(f.toFile());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void imagesGiveTheCpuBoxes() throws IOException {
        Device gpu = Gpus.gpuOrSkip();
        DetectorOptions options = DetectorOptions.builder().scoreThreshold(0.05f).build();
        List<BufferedImage> images = testImages();
        try (Detector onGpu = Detector.load(TestRuns.stretch(), options.toBuilder().device(Gpus.name()).build());
             Detector onCpu = Detector.load(TestRuns.stretch(), options.toBuilder().device("cpu").build())) {
            assertEquals(gpu, onGpu.device());
            List<List<Detection>> g = onGpu.detect(images);
            List<List<Detection>> c = onCpu.detect(images);
            int boxes = 0;
            for (int i = 0; i < images.size(); i++) {
                assertEquals(c.get(i).size(), g.get(i).size(), "image " + i);
                for (int k = 0; k < c.get(i).size(); k++) {
                    Detection a = c.get(i).get(k);
                    Detection b = g.get(i).get(k);
                    assertEquals(a.classIndex(), b.classIndex());
                    assertEquals(a.score(), b.score(), 1e-3);
                    double scale = Math.max(images.get(i).getWidth(), images.get(i).getHeight());
                    assertEquals(a.box().xmin(), b.box().xmin(), 1e-3 * scale);
                    assertEquals(a.box().ymax(), b.box().ymax(), 1e-3 * scale);
                    boxes++;
                }
            }
            System.out.println("GPU detection: " + boxes + " boxes on " + images.size() + " images, as on the CPU");
        }
    }

    @Test
    void aVideoRunsThroughTheGpuDetector() throws Exception {
        Gpus.gpuOrSkip();
        Path clip = io.jyolo.detect.SharedClips.clip("cars-top-down.mp4");
        try (Detector detector = Detector.load(TestRuns.stretch(),
                DetectorOptions.builder().scoreThreshold(0f).device(Gpus.name()).build())) {
            Path out = tmp.resolve("gpu-detections.mp4");
            VideoDetection.Summary s = VideoDetection.run(detector, clip.toString(),
                    FrameSourceOptions.builder().frameStep(5).maxFrames(20).build(), out, p -> { });
            System.out.println("GPU video: " + s);
            assertEquals(20, s.video().framesProcessed());
            assertTrue(s.detections() >= 20, "threshold 0: boxes on every frame");
            assertTrue(Files.size(out) > 0);
        }
    }
}
