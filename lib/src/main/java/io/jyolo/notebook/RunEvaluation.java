package io.jyolo.notebook;

import io.jyolo.data.Sample;
import io.jyolo.data.VocDataset;
import io.jyolo.data.VocObject;
import io.jyolo.detect.DetectorOptions;
import io.jyolo.eval.EvalResult;
import io.jyolo.predict.Detection;
import io.jyolo.train.RunValidator;
import io.jyolo.train.Validation;
import io.jyolo.train.ValidationOptions;
import io.jyolo.viz.Displayable;
import io.jyolo.viz.ErrorExamples;
import io.jyolo.viz.ErrorExamples.Example;
import io.jyolo.viz.EvaluationReport;
import io.jyolo.viz.PrCurveChart;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A trained run measured on a dataset split, kept whole so a notebook can show more than the
 * mAP: the per-class table, the precision-recall curves, and the mistakes themselves.
 *
 * <p>Detection uses the validation options (score threshold {@value ValidationOptions#SCORE_THRESHOLD},
 * so the curves reach low scores); the mistakes shown are those a user of the detector would see,
 * at the display threshold {@value DetectorOptions#DEFAULT_THRESHOLD}.
 */
public final class RunEvaluation {

    private final VocDataset dataset;
    /** Which network and checkpoint produced the detections, for {@link #toString()}. */
    private final String detector;
    private final Map<String, List<VocObject>> truth;
    private final Map<String, List<Detection>> detections;
    private final EvalResult result;
    private final List<String> classes;
    private final Validation validation;

    private RunEvaluation(VocDataset dataset, String detector, List<String> classes, Validation validation) {
        this.dataset = dataset;
        this.detector = detector;
        this.classes = List.copyOf(classes);
        this.validation = validation;
        this.truth = validation.truth();
        this.detections = validation.detections();
        this.result = validation.eval();
    }

    /**
     * Detects with the run in {@code runDir} on the images of {@code split} of {@code data} (the
     * first {@code limit} when {@code limit > 0}) and scores them at IoU 0.5 (all-point AP), with
     * the run's classes, through the Trainer's {@link io.jyolo.train.Validator} (via
     * {@link RunValidator}), so the mAP is the one {@code jyolo evaluate --run} and the run's own
     * validation give. Unreadable images are skipped and counted ({@link #unreadable()}). Shows a
     * live progress line while detecting; the notebook's interrupt button stops it with an
     * exception after the current batch.
     */
    public static RunEvaluation of(Path runDir, List<Path> data, String split, int limit) throws IOException {
        return of(runDir, data, split, limit, LiveDisplay::show);
    }

    static RunEvaluation of(Path runDir, List<Path> data, String split, int limit, Function<Object, LiveDisplay> opener)
            throws IOException {
        try (OffThreadDisplay display = new OffThreadDisplay("loading " + runDir, opener);
             RunValidator validator = RunValidator.load(runDir, null, null)) {
            VocDataset ds = validator.split(data, split, limit).images();
            Validation v = validator.validate(ds, ValidationOptions.defaults(), (done, total) ->
                    display.post(String.format(Locale.ROOT, "detecting: %d of %d images", done, total)));
            String described = validator.describe();
            display.finish(String.format(Locale.ROOT, "detected on %d images of %s%s with %s%s", ds.size(), data,
                    split == null ? "" : " (" + split + ")", described,
                    v.skipped() == 0 ? "" : "; " + v.skipped() + " unreadable, left out: " + v.unreadable()));
            return new RunEvaluation(ds, described, validator.classes(), v);
        }
    }

    /** The whole pass: the loss on these images as well as the scores, and what was skipped. */
    public Validation validation() {
        return validation;
    }

    /** One message per image that could not be read and was left out of both detections and ground truth. */
    public List<String> unreadable() {
        return validation.unreadable();
    }

    /** mAP and per-class AP, ground truth, detections, true and false positives. */
    public EvalResult result() {
        return result;
    }

    /** The images evaluated. */
    public VocDataset dataset() {
        return dataset;
    }

    /** Ground truth per image id. */
    public Map<String, List<VocObject>> truth() {
        return java.util.Collections.unmodifiableMap(truth);
    }

    /** Detections per image id (evaluation threshold). */
    public Map<String, List<Detection>> detections() {
        return java.util.Collections.unmodifiableMap(detections);
    }

    /** One precision-recall curve per class. */
    public XYChart prCurves() {
        return PrCurveChart.of(result);
    }

    /**
     * The confusion matrix at the display threshold {@value DetectorOptions#DEFAULT_THRESHOLD} (what a
     * user of the detector sees), precision, recall and F1 against threshold, and per-class PR curves.
     */
    public EvaluationReport report() {
        return EvaluationReport.of(result, truth, detections, DetectorOptions.DEFAULT_THRESHOLD);
    }

    /** The mistakes among detections scoring at least {@code minScore}. */
    public ErrorExamples errors(double minScore) {
        Map<String, List<Detection>> kept = new LinkedHashMap<>();
        detections.forEach((id, list) -> kept.put(id, list.stream().filter(d -> d.score() >= minScore).toList()));
        return ErrorExamples.find(truth, kept, result.iou());
    }

    /** The {@code n} most confident false positives at the display threshold, as crops. */
    public Displayable worstFalsePositives(int n) {
        return picture(errors(DetectorOptions.DEFAULT_THRESHOLD).worstFalsePositives(n), "false positives");
    }

    /** Up to {@code n} objects missed at the display threshold, largest first, as crops. */
    public Displayable worstMissed(int n) {
        return picture(errors(DetectorOptions.DEFAULT_THRESHOLD).worstMissed(n), "missed objects");
    }

    /** The mistakes as a table (image, kind, class, score, IoU, reason), most confident false positives first. */
    public Table errorTable(int n) {
        ErrorExamples e = errors(DetectorOptions.DEFAULT_THRESHOLD);
        List<Example> rows = new ArrayList<>(e.worstFalsePositives(n));
        rows.addAll(e.worstMissed(n));
        StringColumn image = StringColumn.create("image");
        StringColumn kind = StringColumn.create("kind");
        StringColumn cls = StringColumn.create("class");
        DoubleColumn score = DoubleColumn.create("score");
        DoubleColumn iou = DoubleColumn.create("iou");
        StringColumn reason = StringColumn.create("reason");
        for (Example x : rows) {
            image.append(x.imageId());
            kind.append(x.kind() == ErrorExamples.Kind.FALSE_POSITIVE ? "false positive" : "missed");
            cls.append(x.className());
            score.append(Math.round(x.score() * 1000) / 1000.0);
            iou.append(Math.round(x.iou() * 1000) / 1000.0);
            reason.append(x.reason());
        }
        return Table.create("mistakes at score >= " + DetectorOptions.DEFAULT_THRESHOLD, image, kind, cls, score,
                iou, reason);
    }

    private Displayable picture(List<Example> examples, String what) {
        if (examples.isEmpty()) {
            return new VideoDemo.Notice("No " + what, "none at score >= " + DetectorOptions.DEFAULT_THRESHOLD
                    + " on these " + dataset.size() + " images");
        }
        Map<String, Sample> byId = new LinkedHashMap<>();
        dataset.samples().forEach(s -> byId.put(s.id(), s));
        BufferedImage grid = ErrorExamples.grid(examples, id -> byId.get(id).readImage(), truth, classes, 4, 220);
        return new Displayable() {
            @Override
            public BufferedImage image() {
                return grid;
            }

            @Override
            public String toString() {
                return examples.size() + " " + what;
            }
        };
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "mAP %.2f %% on %d images%s (%s)", 100 * result.map(), validation.images(),
                validation.skipped() == 0 ? "" : ", " + validation.skipped() + " unreadable left out", detector);
    }
}
