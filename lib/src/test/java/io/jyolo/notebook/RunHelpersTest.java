package io.jyolo.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.VocDataset;
import io.jyolo.detect.Detector;
import io.jyolo.detect.DetectorOptions;
import io.jyolo.eval.ClassAp;
import io.jyolo.train.ValidationOptions;
import io.jyolo.video.FrameSource;
import io.jyolo.video.FrameSourceOptions;
import io.jyolo.video.FrameSources;
import io.jyolo.viz.Displayable;
import io.jyolo.viz.ErrorExamples;
import io.jyolo.viz.FeatureMapGrid;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The notebook helpers that use a trained run: evaluation, gallery, feature maps, video and camera. */
class RunHelpersTest {

    @TempDir
    static Path dir;
    static Path data;
    static Path run;
    static final List<Object> shown = new ArrayList<>();

    @BeforeAll
    static void trainTinyRun() throws Exception {
        data = TinyRuns.dataset(dir.resolve("shapes"));
        run = dir.resolve("run");
        TrainingRuns.train(TinyRuns.config(data, 1), run, false);
    }

    private static LiveDisplay sink(Object initial) {
        return LiveDisplay.to(shown::add, initial);
    }

    @Test
    void evaluationScoresEveryImageOfTheSplitAndPicksItsMistakes() throws Exception {
        RunEvaluation ev = RunEvaluation.of(run, List.of(data), "val", 0, RunHelpersTest::sink);
        VocDataset val = VocDataset.open(data, "val");
        assertEquals(val.size(), ev.truth().size());
        assertEquals(ev.truth().keySet(), ev.detections().keySet());
        int gt = ev.result().classAps().stream().mapToInt(ClassAp::gtCount).sum();
        long nonDifficult = val.samples().stream().flatMap(s -> s.objects().stream()).filter(o -> !o.difficult()).count();
        assertEquals(nonDifficult, gt, "every non-difficult object is scored once");
        int dets = ev.result().classAps().stream().mapToInt(ClassAp::detCount).sum();
        assertEquals(ev.detections().values().stream().mapToInt(List::size).sum(), dets);
        assertTrue(ev.detections().values().stream().flatMap(List::stream)
                .allMatch(d -> d.score() >= ValidationOptions.SCORE_THRESHOLD));

        ErrorExamples errors = ev.errors(DetectorOptions.DEFAULT_THRESHOLD);
        Table table = ev.errorTable(5);
        assertEquals(errors.worstFalsePositives(5).size() + errors.worstMissed(5).size(), table.rowCount());
        int strong = ev.detections().values().stream().flatMap(List::stream)
                .mapToInt(d -> d.score() >= DetectorOptions.DEFAULT_THRESHOLD ? 1 : 0).sum();
        assertTrue(errors.falsePositives().size() <= strong);
        Displayable missed = ev.worstMissed(4);
        assertTrue(missed.image() != null || missed.html().contains("No missed objects"));
        assertNotNull(ev.prCurves());
        assertTrue(shown.stream().map(Object::toString).anyMatch(s -> s.startsWith("detected on " + val.size())),
                shown.toString());
    }

    @Test
    void galleryAndFeatureMapsComeFromTheTrainedNetwork() throws Exception {
        VocDataset test = VocDataset.open(data, "test");
        try (Detector detector = Detector.load(run)) {
            BufferedImage gallery = DetectionGallery.of(detector, test.samples().subList(0, 2), 2);
            assertEquals(2 * (300 + 4) + 4, gallery.getWidth());
        }
        BufferedImage image = test.get(0).readImage();
        List<FeatureMapGrid.StageGrid> stages = FeatureMapGrid.forRun(run, image, 4);
        assertEquals(7, stages.size());
        assertEquals(32, stages.get(0).height(), "64 px input, one 2x2 pool");
        IllegalArgumentException device = assertThrows(IllegalArgumentException.class,
                () -> FeatureMapGrid.forRun(run, "tpu", image, 4));
        assertEquals("unknown device 'tpu': use cpu, gpu or gpu:N", device.getMessage(), "the device is honoured");
    }

    @Test
    void aDatasetVideoIsWrittenAndDetectedOnWithFramesKept() throws Exception {
        VocDataset test = VocDataset.open(data, "test");
        Path video = VideoDemo.datasetVideo(test, dir.resolve("video/shapes.mp4"), 3, 5, 1.0);
        try (FrameSource source = FrameSources.open(video.toString(), FrameSourceOptions.defaults())) {
            assertEquals(320, source.info().width());
            long frames = 0;
            while (source.next().isPresent()) {
                frames++;
            }
            assertEquals(15, frames, "3 images x 5 fps x 1 s");
        }
        long modified = Files.getLastModifiedTime(video).toMillis();
        VideoDemo.datasetVideo(test, video, 3, 5, 1.0);
        assertEquals(modified, Files.getLastModifiedTime(video).toMillis(), "an existing video is kept");

        Path out = dir.resolve("video/shapes-detections.mp4");
        try (Detector detector = Detector.load(run)) {
            VideoDemo.Result r = VideoDemo.detect(detector, video.toString(),
                    FrameSourceOptions.builder().frameStep(2).build(), out, 3, RunHelpersTest::sink);
            assertEquals(8, r.summary().video().framesProcessed(), "every second of 15 frames");
            assertEquals(3, r.frames().size());
            assertTrue(r.captions().get(0).startsWith("frame 0: "), r.captions().toString());
            assertTrue(Files.size(out) > 1000);
            assertNotNull(r.image());
            for (BufferedImage f : r.frames()) {
                assertEquals(320, f.getWidth());
            }
        }
    }

    @Test
    void aMissingCameraIsExplainedNotThrown() throws Exception {
        try (Detector detector = Detector.load(run)) {
            Object r = VideoDemo.camera(detector, "/dev/video97", Duration.ofSeconds(2), dir.resolve("cam.mp4"), 3);
            VideoDemo.Notice notice = assertInstanceOf(VideoDemo.Notice.class, r);
            assertEquals("No camera", notice.title());
            assertTrue(notice.text().contains("/dev/video97") && notice.text().contains("does not exist"), notice.text());
            assertTrue(notice.html().contains("No camera"));
            Object bad = VideoDemo.camera(detector, "my-video.mp4", Duration.ofSeconds(2), null, 3);
            assertEquals("Not a camera", assertInstanceOf(VideoDemo.Notice.class, bad).title());
        }
    }
}
