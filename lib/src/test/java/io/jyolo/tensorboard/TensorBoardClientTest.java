package io.jyolo.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TensorBoard's own Python reader (EventAccumulator) on our files, and our reader on its files. */
class TensorBoardClientTest {

    @TempDir
    Path dir;

    @Test
    void eventAccumulatorReadsEveryValueTypeWeWrite() throws Exception {
        Path python = TensorBoardPython.requirePython();
        double[] weights = {-0.75, -0.001, 0, 0, 1e-13, 0.3, 0.3, 12.5};
        BufferedImage rgb = TestImages.gradient(19, 7, 5);
        BufferedImage rgba = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(1, 1, 0x80ff8000);
        BufferedImage grey = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(3, 2, 0, 99);
        String text = "**mAP** 0.42 — ünïcode";
        try (SummaryWriter w = SummaryWriter.open(dir)) {
            for (int step = 1; step <= 20; step++) {
                w.scalar("Train/Loss_sum", step, 1.0 / 3.0 * step);
            }
            w.histogram("conv1.weight_data", 5, weights);
            w.histogram("conv1.weight_data", 6, new float[] {2.5f});
            w.image("feature/rgb", 2, rgb);
            w.image("feature/rgba", 2, rgba);
            w.image("feature/grey", 2, grey);
            w.text("notes", 3, text);
        }
        EventLog ours = EventLog.read(dir);
        List<String[]> lines = TensorBoardPython.run(python, "read", dir);

        assertEquals("2.0", lines.stream().filter(l -> l[0].equals("file_version")).findFirst().orElseThrow()[1]);

        List<String[]> scalars = TensorBoardPython.select(lines, "scalar", "Train/Loss_sum");
        List<ScalarPoint> expected = ours.scalars("Train/Loss_sum");
        assertEquals(20, scalars.size());
        for (int i = 0; i < 20; i++) {
            String[] l = scalars.get(i);
            assertEquals(i + 1, Long.parseLong(l[2]));
            assertEquals(expected.get(i).wallTime(), TensorBoardPython.number(l[3]));
            assertEquals((double) (float) (1.0 / 3.0 * (i + 1)), TensorBoardPython.number(l[4]), "step " + (i + 1));
        }

        List<String[]> histos = TensorBoardPython.select(lines, "histo", "conv1.weight_data");
        assertEquals(2, histos.size());
        assertHistogram(Histogram.of(weights), 5, histos.get(0));
        assertHistogram(Histogram.of(new float[] {2.5f}), 6, histos.get(1));

        Map<String, String[]> images = lines.stream().filter(l -> l[0].equals("image"))
                .collect(Collectors.toMap(l -> l[1], l -> l, (a, b) -> a, TreeMap::new));
        assertEquals(3, images.size());
        assertImage(rgb, images.get("feature/rgb"));
        assertImage(rgba, images.get("feature/rgba"));
        assertImage(grey, images.get("feature/grey"));

        List<String[]> texts = TensorBoardPython.select(lines, "text", "notes");
        assertEquals(1, texts.size());
        assertEquals("3", texts.get(0)[2]);
        assertEquals(text, new String(HexFormat.of().parseHex(texts.get(0)[3]), StandardCharsets.UTF_8));
    }

    @Test
    void resumeBugOfTheOriginalIsReproducedAndFixed() throws Exception {
        Path python = TensorBoardPython.requirePython();
        Path naive = dir.resolve("naive");
        Path startOnly = dir.resolve("start-only");
        Path fixed = dir.resolve("fixed");
        ResumeScenario.firstRun(naive);
        ResumeScenario.naiveResume(naive);
        ResumeScenario.firstRun(startOnly);
        try (SummaryWriter w = SummaryWriter.builder(startOnly).startAtStep(ResumeScenario.CHECKPOINT + 1).build()) {
            for (int epoch = ResumeScenario.CHECKPOINT + 1; epoch <= ResumeScenario.RESUMED_UNTIL; epoch++) {
                w.scalar(ResumeScenario.LOSS, epoch, ResumeScenario.resumedLoss(epoch));
            }
        }
        ResumeScenario.firstRun(fixed);
        ResumeScenario.fixedResume(fixed);

        // the original's bug: TensorBoard shows epochs 201..233 twice
        List<String[]> naiveLines = TensorBoardPython.run(python, "read", naive);
        List<String[]> bug = TensorBoardPython.select(naiveLines, "scalar", ResumeScenario.LOSS);
        assertEquals(ResumeScenario.CRASH_AFTER + ResumeScenario.RESUMED_UNTIL - ResumeScenario.CHECKPOINT, bug.size());
        assertEquals(2, bug.stream().filter(l -> l[2].equals("210")).count());
        assertEquals(ResumeScenario.CRASH_AFTER, TensorBoardPython.select(naiveLines, "scalar",
                ResumeScenario.MISSPELT).size());

        // a SessionLog START alone already makes TensorBoard discard 201..233 of the first run
        assertOneValuePerStep(TensorBoardPython.select(TensorBoardPython.run(python, "read", startOnly), "scalar",
                ResumeScenario.LOSS));

        // purge + START: one value per step, the resumed ones after the checkpoint, in every tag
        List<String[]> fixedLines = TensorBoardPython.run(python, "read", fixed);
        assertOneValuePerStep(TensorBoardPython.select(fixedLines, "scalar", ResumeScenario.LOSS));
        assertEquals(ResumeScenario.RESUMED_UNTIL, TensorBoardPython.select(fixedLines, "scalar", ResumeScenario.IOU).size());
        assertEquals(ResumeScenario.CHECKPOINT, TensorBoardPython.select(fixedLines, "scalar",
                ResumeScenario.MISSPELT).size());
        assertEquals(List.of("50", "100", "150", "200"), TensorBoardPython.select(fixedLines, "histo",
                "conv1.weight_data").stream().map(l -> l[2]).toList());

        // our reader agrees on all three runs (for the naive one: the later value of a repeated step wins)
        for (Path run : List.of(naive, startOnly, fixed)) {
            List<ScalarPoint> loss = EventLog.read(run).scalars(ResumeScenario.LOSS);
            assertEquals(ResumeScenario.RESUMED_UNTIL, loss.size(), run.toString());
            assertEquals(ResumeScenario.resumedLoss(233), (float) loss.get(232).value(), run.toString());
            assertEquals(ResumeScenario.firstRunLoss(200), (float) loss.get(199).value(), run.toString());
        }
    }

    @Test
    void ourReaderReadsFilesWrittenByTensorBoardItself() throws Exception {
        Path python = TensorBoardPython.requirePython();
        TensorBoardPython.run(python, "write", dir);
        EventLog log = EventLog.read(dir);

        List<ScalarPoint> tensorScalars = log.scalars("tb/tensor_scalar");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), tensorScalars.stream().map(ScalarPoint::step).toList());
        for (ScalarPoint p : tensorScalars) {
            assertEquals(p.step() * 0.5, p.value());
            assertEquals(1_700_000_000.0 + p.step(), p.wallTime());
        }
        assertEquals(List.of(0.25, 0.5, 0.75, 1.0, 1.25),
                log.scalars("tb/simple_scalar").stream().map(ScalarPoint::value).toList());

        Histogram h = log.histograms("tb/histogram").get(0).histogram();
        assertEquals(3, log.histograms("tb/histogram").get(0).step());
        assertEquals(4, h.bucketCount());
        assertEquals(5.0, h.num());
        assertEquals(0.0, h.min());
        assertEquals(5.0, h.max());

        ImagePoint image = log.images("tb/image").get(0);
        assertEquals(2, image.step());
        assertEquals(6, image.width());
        assertEquals(4, image.height());
        BufferedImage decoded = image.decode();
        assertEquals(0xff0000, decoded.getRGB(2, 1) & 0xffffff);
        assertEquals(0x000000, decoded.getRGB(0, 0) & 0xffffff);

        assertEquals("héllo *tensorboard*", log.texts("tb/text").get(0).text());
        assertEquals(4, log.texts("tb/text").get(0).step());
        assertTrue(log.truncations().isEmpty());
    }

    private static void assertOneValuePerStep(List<String[]> loss) {
        assertEquals(ResumeScenario.RESUMED_UNTIL, loss.size());
        for (int epoch = 1; epoch <= ResumeScenario.RESUMED_UNTIL; epoch++) {
            String[] l = loss.get(epoch - 1);
            assertEquals(epoch, Long.parseLong(l[2]));
            float expected = epoch <= ResumeScenario.CHECKPOINT ? ResumeScenario.firstRunLoss(epoch)
                    : ResumeScenario.resumedLoss(epoch);
            assertEquals(expected, (float) TensorBoardPython.number(l[4]), "epoch " + epoch);
        }
    }

    private static void assertHistogram(Histogram expected, long step, String[] l) {
        assertEquals(step, Long.parseLong(l[2]));
        assertEquals(expected.min(), TensorBoardPython.number(l[3]));
        assertEquals(expected.max(), TensorBoardPython.number(l[4]));
        assertEquals(expected.num(), TensorBoardPython.number(l[5]));
        assertEquals(expected.sum(), TensorBoardPython.number(l[6]));
        assertEquals(expected.sumSquares(), TensorBoardPython.number(l[7]));
        assertArrayEquals(expected.bucketLimits(), TensorBoardPython.doubles(l[8]));
        assertArrayEquals(expected.bucketCounts(), TensorBoardPython.doubles(l[9]));
    }

    private static void assertImage(BufferedImage expected, String[] l) {
        assertEquals(expected.getWidth(), Integer.parseInt(l[3]));
        assertEquals(expected.getHeight(), Integer.parseInt(l[4]));
        assertEquals(expected.getWidth(), Integer.parseInt(l[5]), "decoded width");
        assertEquals(expected.getHeight(), Integer.parseInt(l[6]), "decoded height");
        assertEquals(TestImages.rgbaDigest(expected), l[7], "decoded pixels of " + l[1]);
    }
}
