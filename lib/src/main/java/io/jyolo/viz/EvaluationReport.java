package io.jyolo.viz;

import io.jyolo.data.VocObject;
import io.jyolo.eval.ClassAp;
import io.jyolo.eval.ConfusionMatrix;
import io.jyolo.eval.EvalResult;
import io.jyolo.eval.ThresholdCurve;
import io.jyolo.predict.Detection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;

/**
 * An evaluation with the numbers behind its charts: the mAP result, the confusion matrix at one
 * score threshold and the threshold sweep. One value for the CLI's {@code --report} folder and a
 * notebook, so both show the same charts computed the same way.
 *
 * @param result    the VOC evaluation (per-class AP and curves)
 * @param confusion the confusion matrix at the result's IoU
 * @param curve     precision, recall and F1 against score threshold at the result's IoU
 */
public record EvaluationReport(EvalResult result, ConfusionMatrix confusion, ThresholdCurve curve) {

    /** File of the confusion matrix in a report folder. */
    public static final String CONFUSION_FILE = "confusion-matrix.png";
    /** File of the threshold curves in a report folder. */
    public static final String THRESHOLD_FILE = "f1-precision-recall.png";
    /** File of all classes' PR curves on one chart. */
    public static final String PR_FILE = "precision-recall.png";
    /** Prefix of each class's PR curve file ({@code pr-<class>.png}). */
    public static final String CLASS_PR_PREFIX = "pr-";

    /**
     * Builds the matrix (at {@code scoreThreshold}) and the sweep from the detections that
     * {@code result} scored, with its IoU, over the classes it scored and those it skipped (a skipped
     * class has no ground truth to score, but its detections are still false positives a user sees).
     */
    public static EvaluationReport of(EvalResult result, Map<String, List<VocObject>> groundTruth,
                                      Map<String, List<Detection>> detections, double scoreThreshold) {
        List<String> classes = new ArrayList<>(result.classAps().stream().map(ClassAp::className).toList());
        result.skipped().forEach(s -> classes.add(s.className())); // their detections are all false positives
        return new EvaluationReport(result,
                ConfusionMatrix.of(groundTruth, detections, classes, result.iou(), scoreThreshold),
                ThresholdCurve.of(groundTruth, detections, classes, result.iou()));
    }

    public HeatMapChart confusionChart() {
        return EvalCharts.confusionMatrix(confusion);
    }

    public XYChart thresholdChart() {
        return EvalCharts.thresholdCurves(curve);
    }

    public XYChart prChart() {
        return PrCurveChart.of(result);
    }

    public List<XYChart> classPrCharts() {
        return EvalCharts.classPrCurves(result);
    }

    /**
     * The per-class PR charts tiled four to a row as one picture, so a notebook cell shows them all
     * (a cell displays one value); when no class has a curve (a barely trained network), an empty chart
     * whose title says so ({@link EvalCharts#noClassPrCurves}).
     */
    public Displayable classPrGrid() {
        List<BufferedImage> images = classPrCharts().stream().map(BitmapEncoder::getBufferedImage).toList();
        BufferedImage grid = images.isEmpty() ? BitmapEncoder.getBufferedImage(EvalCharts.noClassPrCurves())
                : ImageGrid.tile(images, null, 4, 400);
        return new Displayable() {
            @Override
            public BufferedImage image() {
                return grid;
            }

            @Override
            public String toString() {
                return images.size() + " per-class precision-recall curves";
            }
        };
    }

    /**
     * Writes every chart as PNG into {@code dir} (created): {@value #CONFUSION_FILE},
     * {@value #THRESHOLD_FILE}, {@value #PR_FILE} and one {@code pr-<class>.png} per class with a
     * curve (characters unsafe in file names replaced by '_'). Returns the files written, in that order.
     */
    public List<Path> write(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        EvalCharts.savePng(confusionChart(), add(files, dir.resolve(CONFUSION_FILE)));
        EvalCharts.savePng(thresholdChart(), add(files, dir.resolve(THRESHOLD_FILE)));
        EvalCharts.savePng(prChart(), add(files, dir.resolve(PR_FILE)));
        List<XYChart> perClass = classPrCharts();
        List<ClassAp> withCurve = result.classAps().stream().filter(c -> c.recall().length > 0).toList();
        for (int i = 0; i < perClass.size(); i++) {
            String safe = withCurve.get(i).className().replaceAll("[^A-Za-z0-9._-]", "_");
            EvalCharts.savePng(perClass.get(i), add(files, dir.resolve(CLASS_PR_PREFIX + safe + ".png")));
        }
        return files;
    }

    private static Path add(List<Path> files, Path file) {
        files.add(file);
        return file;
    }
}
