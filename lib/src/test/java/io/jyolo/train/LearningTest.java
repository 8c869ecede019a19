package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.jyolo.data.Augmentation;
import io.jyolo.data.Preprocess;
import io.jyolo.data.ResizeMode;
import io.jyolo.data.Sample;
import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import io.jyolo.data.VocDataset;
import io.jyolo.data.VocObject;
import io.jyolo.detect.Decoder;
import io.jyolo.detect.Detection;
import io.jyolo.eval.ApMethod;
import io.jyolo.eval.ClassAp;
import io.jyolo.eval.EvalResult;
import io.jyolo.eval.VocEvaluator;
import io.jyolo.loss.ClassLoss;
import io.jyolo.loss.LossConfig;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.OutputActivation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fast YOLO learns the embedded dataset on a CPU in a few minutes: on the generator's held-out
 * test split it finds at least 80 % of the objects (IoU >= 0.5, right class) with at least 80 %
 * of its detections correct. The score threshold is chosen on the validation split (best
 * min(precision, recall)); the test split is only looked at once, at the end.
 *
 * <p>Settings can be varied with system properties ({@code jyolo.learn.*}: size, count, objects,
 * architecture, activation, dropout, epochs, lr, optimizer, schedule, weightDecay, lambdaCoord,
 * batch, augment, valEvery, seed, threshold = "val" or a number) to measure alternatives.
 *
 * <p>Opt-in ({@code -Djyolo.learning=true}): no setting measured so far reaches the target within
 * minutes on a 2-core machine (the class scores stay at chance for the first few thousand images;
 * see issue 3's note), so it is not part of {@code make test} until one does.
 */
class LearningTest {

    @TempDir
    Path dir;

    private static String prop(String name, String dflt) {
        return System.getProperty("jyolo.learn." + name, dflt);
    }

    @Test
    void fastYoloLearnsTheGeneratedShapes() throws IOException {
        assumeTrue(Boolean.getBoolean("jyolo.learning"),
                "skipped: the learning test is opt-in (-Djyolo.learning=true); it does not reach its target yet");
        int size = Integer.parseInt(prop("size", "192"));
        Path data = dir.resolve("shapes");
        SyntheticShapes.generate(SynthConfig.builder(data).count(Integer.parseInt(prop("count", "480")))
                .imageSize(size).maxObjects(Integer.parseInt(prop("objects", "3")))
                .objectSize(Double.parseDouble(prop("minObject", "" + SynthConfig.DEFAULT_MIN_OBJECT_SIZE)),
                        Double.parseDouble(prop("maxObject", "" + SynthConfig.DEFAULT_MAX_OBJECT_SIZE)))
                .seed(7).build());
        ModelConfig model = ModelConfig.builder()
                .architecture(Architecture.valueOf(prop("architecture", "FAST"))).inputSize(size)
                .outputActivation(OutputActivation.valueOf(prop("activation", "SIGMOID")))
                .dropout(Float.parseFloat(prop("dropout", "0.5"))).build();
        int epochs = Integer.parseInt(prop("epochs", "30"));
        double lr = Double.parseDouble(prop("lr", "1e-3"));
        TrainConfig config = TrainConfig.builder(data.toString()).model(model)
                .loss(LossConfig.builder().lambdaCoord(Double.parseDouble(prop("lambdaCoord", "5")))
                        .classLoss(ClassLoss.valueOf(prop("classLoss", "SQUARED_ERROR"))).build())
                .optimizer(prop("optimizer", "adam")).learningRate(lr).schedule(prop("schedule", "step"))
                .weightDecay(Double.parseDouble(prop("weightDecay", "5e-4"))).batchSize(Integer.parseInt(prop("batch", "16"))).epochs(epochs)
                .augmentation(prop("augment", "paper").equals("none") ? Augmentation.none() : Augmentation.paper())
                .validateEvery(Integer.parseInt(prop("valEvery", "10"))).checkpoints(CheckpointPolicy.every(0))
                .saveEverySeconds(600).workers(2).seed(Long.parseLong(prop("seed", "1"))).build();
        long start = System.nanoTime();
        try (Trainer t = Trainer.create(config, dir.resolve("run"))) {
            TrainingResult r = t.fit(new ConsoleProgress(System.out, 5000));
            assertEquals(TrainingResult.Status.COMPLETED, r.status(), r.message());
            double minutes = (System.nanoTime() - start) / 60e9;
            float threshold = prop("threshold", "val").equals("val") ? thresholdFromVal(t, VocDataset.open(data, "val"))
                    : Float.parseFloat(prop("threshold", "val"));
            VocDataset test = VocDataset.open(data, "test");
            Run testRun = detect(t, test, 0.01f);
            double[] pr = precisionRecall(t, testRun.above(threshold));
            EvalResult ap = evaluate(t, testRun);
            System.out.printf(Locale.ROOT, "learning: %s lr %s %s, %d epochs in %.1f min: test precision %.3f recall %.3f"
                            + " at score %.2f (%d detections, %d objects), mAP@0.5 %.3f%n", prop("optimizer", "adam"), lr,
                    model.outputActivation(), epochs, minutes, pr[0], pr[1], threshold, (int) pr[2], (int) pr[3], ap.map());
            assertTrue(pr[1] >= 0.8, "recall " + pr[1]);
            assertTrue(pr[0] >= 0.8, "precision " + pr[0]);
        }
    }

    /**
     * The score threshold (0.05 ... 0.60) with the best min(precision, recall) on the validation
     * split: chosen without looking at the test split.
     */
    static float thresholdFromVal(Trainer t, VocDataset val) throws IOException {
        Run run = detect(t, val, 0.05f);
        float best = 0.3f;
        double bestScore = -1;
        for (int i = 1; i <= 12; i++) {
            float threshold = 0.05f * i;
            double[] pr = precisionRecall(t, run.above(threshold));
            double score = Math.min(pr[0], pr[1]);
            System.out.printf(Locale.ROOT, "val at score %.2f: precision %.3f recall %.3f%n", threshold, pr[0], pr[1]);
            if (score > bestScore) {
                bestScore = score;
                best = threshold;
            }
        }
        return best;
    }

    /** {precision, recall, detections, objects} over {@code ds} at a score threshold, difficult objects ignored. */
    static double[] precisionRecall(Trainer t, VocDataset ds, float threshold) throws IOException {
        return precisionRecall(t, detect(t, ds, threshold));
    }

    static double[] precisionRecall(Trainer t, Run run) {
        EvalResult result = evaluate(t, run);
        int tp = 0;
        int fp = 0;
        int gt = 0;
        for (ClassAp c : result.classAps()) {
            tp += c.truePositives();
            fp += c.falsePositives();
            gt += c.gtCount();
        }
        return new double[] {tp + fp == 0 ? 0 : tp / (double) (tp + fp), gt == 0 ? 0 : tp / (double) gt, tp + fp, gt};
    }

    /** Ground truth and detections (score >= a threshold) per image id. */
    record Run(Map<String, List<VocObject>> truth, Map<String, List<Detection>> detections) {
        /** The same run keeping only detections scoring at least {@code threshold} (NMS kept no weaker box over them). */
        Run above(float threshold) {
            Map<String, List<Detection>> kept = new LinkedHashMap<>();
            detections.forEach((id, list) -> kept.put(id, list.stream().filter(d -> d.score() >= threshold).toList()));
            return new Run(truth, kept);
        }
    }

    static Run detect(Trainer t, VocDataset ds, float threshold) throws IOException {
        ModelConfig m = t.config().model();
        Decoder decoder = Decoder.builder(m.layout(), t.classes()).scoreThreshold(threshold).build();
        Map<String, List<VocObject>> truth = new LinkedHashMap<>();
        Map<String, List<Detection>> detections = new LinkedHashMap<>();
        for (Sample s : ds.samples()) {
            var image = s.readImage();
            try (NDManager sub = t.manager().newSubManager()) {
                NDArray x = sub.create(Preprocess.toInput(image, m.inputSize(), ResizeMode.STRETCH), m.inputShape(1));
                NDArray out = t.network().forward(t.parameterStore(), new NDList(x), false).singletonOrThrow();
                detections.put(s.id(), decoder.decode(out, List.of(Preprocess.geometry(image, m.inputSize(),
                        ResizeMode.STRETCH))).get(0));
            }
            truth.put(s.id(), s.objects());
        }
        return new Run(truth, detections);
    }

    static EvalResult evaluate(Trainer t, Run run) {
        return VocEvaluator.builder().iou(0.5).method(ApMethod.ALL_POINT).classes(t.classes()).build()
                .evaluate(run.truth(), run.detections());
    }
}
