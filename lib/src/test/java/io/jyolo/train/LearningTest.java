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
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.OutputActivation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fast YOLO learns the embedded dataset on a CPU in a few minutes: on the generator's held-out
 * test split it finds at least 80 % of the objects (IoU >= 0.5, right class) with at least 80 %
 * of its detections correct. The dataset is the project's own generator at 192 px with up to three
 * objects per image (the default has up to six at 224 px; the note reports that one too).
 * Settings can be varied with system properties ({@code jyolo.learn.*}) to measure alternatives.
 */
class LearningTest {

    @TempDir
    Path dir;

    private static String prop(String name, String dflt) {
        return System.getProperty("jyolo.learn." + name, dflt);
    }

    @Test
    void fastYoloLearnsTheGeneratedShapes() throws IOException {
        int size = Integer.parseInt(prop("size", "192"));
        Path data = dir.resolve("shapes");
        SyntheticShapes.generate(SynthConfig.builder(data).count(Integer.parseInt(prop("count", "480")))
                .imageSize(size).maxObjects(Integer.parseInt(prop("objects", "3"))).seed(7).build());
        ModelConfig model = ModelConfig.builder().architecture(Architecture.FAST).inputSize(size)
                .outputActivation(OutputActivation.valueOf(prop("activation", "SIGMOID")))
                .dropout(Float.parseFloat(prop("dropout", "0.5"))).build();
        int epochs = Integer.parseInt(prop("epochs", "30"));
        double lr = Double.parseDouble(prop("lr", "1e-3"));
        TrainConfig config = TrainConfig.builder(data.toString()).model(model)
                .optimizer(prop("optimizer", "adam")).learningRate(lr).schedule(prop("schedule", "step"))
                .weightDecay(5e-4).batchSize(16).epochs(epochs)
                .augmentation(prop("augment", "paper").equals("none") ? Augmentation.none() : Augmentation.paper())
                .validateEvery(Integer.parseInt(prop("valEvery", "10"))).checkpoints(CheckpointPolicy.every(0))
                .saveEverySeconds(600).workers(2).seed(1).build();
        long start = System.nanoTime();
        try (Trainer t = Trainer.create(config, dir.resolve("run"))) {
            TrainingResult r = t.fit(new ConsoleProgress(System.out, 5000));
            assertEquals(TrainingResult.Status.COMPLETED, r.status(), r.message());
            double minutes = (System.nanoTime() - start) / 60e9;
            float threshold = Float.parseFloat(prop("threshold", "0.3"));
            VocDataset test = VocDataset.open(data, "test");
            double[] pr = precisionRecall(t, test, threshold);
            EvalResult ap = evaluate(t, test, 0.01f);
            System.out.printf(Locale.ROOT, "learning: %s lr %s %s, %d epochs in %.1f min: test precision %.3f recall %.3f"
                            + " at score %.2f (%d detections, %d objects), mAP@0.5 %.3f%n", prop("optimizer", "adam"), lr,
                    model.outputActivation(), epochs, minutes, pr[0], pr[1], threshold, (int) pr[2], (int) pr[3], ap.map());
            assertTrue(pr[1] >= 0.8, "recall " + pr[1]);
            assertTrue(pr[0] >= 0.8, "precision " + pr[0]);
        }
    }

    /** {precision, recall, detections, objects} over {@code ds} at a score threshold, difficult objects ignored. */
    static double[] precisionRecall(Trainer t, VocDataset ds, float threshold) throws IOException {
        EvalResult result = evaluate(t, ds, threshold);
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

    static EvalResult evaluate(Trainer t, VocDataset ds, float threshold) throws IOException {
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
        return VocEvaluator.builder().iou(0.5).method(ApMethod.ALL_POINT).classes(t.classes()).build()
                .evaluate(truth, detections);
    }
}
