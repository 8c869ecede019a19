package io.jyolo.cli;

import io.jyolo.data.ClassFile;
import io.jyolo.data.DataFolders;
import io.jyolo.data.DatasetSkip;
import io.jyolo.data.VocDataset;
import io.jyolo.data.VocObject;
import io.jyolo.detect.DetectorOptions;
import io.jyolo.eval.ApMethod;
import io.jyolo.eval.DetectionFiles;
import io.jyolo.eval.EvalResult;
import io.jyolo.eval.GroundTruthFolder;
import io.jyolo.eval.VocEvaluator;
import io.jyolo.predict.Detection;
import io.jyolo.train.RunValidator;
import io.jyolo.train.Validation;
import io.jyolo.train.ValidationOptions;
import io.jyolo.train.ValidationProgress;
import io.jyolo.viz.EvaluationReport;
import io.jyolo.viz.PrCurveChart;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jyolo evaluate}: PASCAL VOC AP per class and mAP.
 *
 * <p>Where the detections come from is one exclusive {@link Source} group: files
 * ({@link FolderSource}, {@code --gt/--dets}) or a trained run applied to a dataset split
 * ({@link RunSource}, {@code --run/--data/--split}); the scoring options and the output are shared.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"PASCAL VOC average precision per class and mAP.",
            "Ground truth: a folder of VOC XML files, <image>.xml.",
            "Detections: a folder of <image>.txt files, one line per detection:",
            "  class score xmin ymin xmax ymax   (original-image pixels)",
            "Or: --run <run folder> --data <dataset> [--split test] detects with a trained run and scores it."})
final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Exactly one source of ground truth and detections. */
    static final class Source {
        @ArgGroup(exclusive = false, multiplicity = "1", heading = "Detections from files:%n")
        FolderSource folders;

        @ArgGroup(exclusive = false, multiplicity = "1", heading = "Detections by a trained run on a dataset:%n")
        RunSource run;
    }

    /** {@code --run <dir> --data <dir> [--split test]}: detect with the run on the split, then score. */
    static final class RunSource {
        @Option(names = "--run", required = true, paramLabel = "<folder>", description = "Run folder (from 'jyolo train').")
        Path run;

        @Option(names = "--data", required = true, paramLabel = "<folder>",
                description = "Dataset folder (VOC layout); repeat it for several folders evaluated as one.")
        List<Path> data;

        @Option(names = "--split", defaultValue = "test", paramLabel = "<name>|all",
                description = "Split list ImageSets/Main/<name>.txt, or 'all' for every image (default: ${DEFAULT-VALUE};"
                        + " a missing test list falls back to val, with a note).")
        String split;

        @Option(names = "--checkpoint", paramLabel = "<file>", description = "Checkpoint (default: the run's best, else last).")
        Path checkpoint;

        @Option(names = "--threshold", defaultValue = "0.01", paramLabel = "<x>",
                description = "Lowest detection score kept; low, so AP sees the whole curve (default: ${DEFAULT-VALUE}).")
        float threshold;

        @Option(names = "--batch", paramLabel = "<n>",
                description = "Images per forward pass (default: the run's training batch size, as its validation used).")
        Integer batch;

        @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N", description = "Device (default: the first GPU if any, else the CPU).")
        String device;

        @Option(names = "--save-dets", paramLabel = "<folder>",
                description = "Also write the detections, one <image>.txt per image (the --dets format).")
        Path saveDetections;
    }

    /** {@code --gt <folder> --dets <folder>}. */
    static final class FolderSource {
        @Option(names = "--gt", required = true, paramLabel = "<folder>", description = "Folder of VOC XML ground truth.")
        Path groundTruth;

        @Option(names = "--dets", required = true, paramLabel = "<folder>",
                description = "Folder of detections text files, one <image>.txt per image.")
        Path detections;
    }

    @Option(names = "--iou", defaultValue = "0.5", paramLabel = "<t>",
            description = "IoU a detection needs with an object to match it (default: ${DEFAULT-VALUE}).")
    double iou;

    @Option(names = "--method", defaultValue = "all", paramLabel = "voc07|all",
            description = "AP interpolation: voc07 (11-point, VOC2007) or all (all-point, VOC2010+). Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--classes", paramLabel = "<file>",
            description = "Class names, one per line: which classes to score and in what order (default: all in the ground truth).")
    Path classesFile;

    @Option(names = "--json", description = "Print the result as JSON (AP as fractions) instead of a table.")
    boolean json;

    @Option(names = "--pr-chart", paramLabel = "<file.png>", description = "Also save precision-recall curves as PNG.")
    Path prChart;

    @Option(names = "--report", paramLabel = "<folder>",
            description = {"Also save the charts as PNG in this folder: confusion matrix (at the --iou and score >= "
                    + DetectorOptions.DEFAULT_THRESHOLD + ", the detector's display threshold), precision/recall/F1"
                    + " against score threshold with the best F1 marked, and PR curves (all classes and one per class)."})
    Path report;

    /** What {@link #evaluateRun} scored, kept for {@code --report}; null for the folder source. */
    private Map<String, List<VocObject>> runTruth;
    private Map<String, List<Detection>> runDetections;

    @Override
    public Integer call() throws IOException {
        if (!(iou > 0 && iou <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--iou must be in (0, 1], got " + iou);
        }
        ApMethod apMethod;
        try {
            apMethod = ApMethod.parse(method);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--method: " + e.getMessage());
        }
        List<String> classes = classesFile == null ? null : readClasses(classesFile);
        EvalResult result = source.run != null
                ? evaluateRun(source.run, ValidationOptions.builder().iou(iou).method(apMethod).classes(classes))
                : evaluateFolders(VocEvaluator.builder().iou(iou).method(apMethod).classes(classes).build());

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(result.toJson());
        } else {
            out.print(result.toText());
        }
        if (json && !result.skipped().isEmpty()) {
            result.skipped().forEach(s -> spec.commandLine().getErr().println("warning: class '" + s.className()
                    + "' (" + s.detCount() + " detections): " + s.reason() + ", not in mAP"));
        }
        if (prChart != null) {
            PrCurveChart.savePng(PrCurveChart.of(result), prChart);
            if (!json) {
                out.println("precision-recall curves: " + prChart);
            }
        }
        if (report != null) {
            writeReport(result, out);
        }
        out.flush();
        return 0;
    }

    /** The {@code --report} charts, from the same detections that {@code result} scored. */
    private void writeReport(EvalResult result, PrintWriter out) throws IOException {
        Map<String, List<VocObject>> truth = runTruth;
        Map<String, List<Detection>> detections = runDetections;
        if (source.folders != null) {
            truth = GroundTruthFolder.read(source.folders.groundTruth);
            detections = DetectionFiles.readFolder(source.folders.detections,
                    classesFile == null ? List.of() : readClasses(classesFile));
        }
        List<Path> files = EvaluationReport.of(result, truth, detections, DetectorOptions.DEFAULT_THRESHOLD).write(report);
        if (!json) {
            out.println("report: " + files.size() + " charts in " + report);
        }
    }

    private EvalResult evaluateFolders(VocEvaluator evaluator) throws IOException {
        return evaluator.evaluateFolders(source.folders.groundTruth, source.folders.detections);
    }

    /**
     * Detects on every image of the split with the run and scores the result against the split's
     * annotations, through {@link RunValidator}: the loop the Trainer validates with, so the mAP
     * is the one the notebook and the run's own validation report. By default the run's classes
     * are scored (a class without ground truth in the split is reported as skipped, not averaged
     * in). Unreadable images are skipped, counted and left out of both sides. Progress and
     * warnings go to stderr, so {@code --json} output stays clean.
     */
    private EvalResult evaluateRun(RunSource r, ValidationOptions.Builder options) throws IOException {
        if (!(r.threshold >= 0 && r.threshold <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threshold must be in [0, 1], got " + r.threshold);
        }
        if (r.batch != null && r.batch < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be at least 1, got " + r.batch);
        }
        PrintWriter err = spec.commandLine().getErr();
        String split = r.split == null || r.split.equalsIgnoreCase("all") ? null : r.split;
        Validation v;
        try (RunValidator validator = RunValidator.load(r.run, r.checkpoint, r.device)) {
            RunValidator.Split images = validator.split(r.data, split, 0);
            VocDataset dataset = images.images();
            images.notes().forEach(n -> err.println("note: " + n));
            if (!dataset.skipped().isEmpty()) {
                err.println("warning: the dataset left out " + dataset.skipCounts() + ", e.g.");
                for (DatasetSkip skip : dataset.skipped().subList(0, Math.min(3, dataset.skipped().size()))) {
                    err.println("  " + skip.file() + ": " + skip.detail());
                }
            }
            ValidationOptions chosen = options.scoreThreshold(r.threshold).batchSize(r.batch == null ? 0 : r.batch)
                    .build();
            err.println("evaluating " + validator.describe() + ", threshold " + r.threshold);
            err.println("on " + dataset.size() + " images of " + DataFolders.join(r.data)
                    + (dataset.split() == null ? "" : " (split " + dataset.split() + ")")
                    + ", " + validator.batchSize(chosen) + " per batch");
            err.flush();
            v = validator.validate(dataset, chosen, tenthsTo(err));
        }
        v.unreadable().forEach(u -> err.println("warning: skipped " + u));
        if (v.skipped() > 0) {
            err.println("warning: " + v.skipped() + " of " + (v.images() + v.skipped())
                    + " image(s) unreadable, left out of the evaluation");
        }
        err.println(String.format(java.util.Locale.ROOT, "loss %.4f per image (the run's training loss)",
                v.loss().meanLoss()));
        if (r.saveDetections != null) {
            DetectionFiles.writeFolder(r.saveDetections, v.detections());
            err.println("detections written to " + r.saveDetections);
        }
        err.flush();
        runTruth = v.truth();
        runDetections = v.detections();
        return v.eval();
    }

    /** Progress on stderr, one line each time another tenth of the images is done. */
    private static ValidationProgress tenthsTo(PrintWriter err) {
        int[] shown = {0};
        return (done, total) -> {
            int tenths = done * 10 / Math.max(1, total);
            if (tenths > shown[0]) {
                shown[0] = tenths;
                err.println("  " + done + " of " + total + " images");
                err.flush();
            }
        };
    }

    /** One class per line ({@link ClassFile}'s rules: blank and '#' lines skipped, duplicates an error). */
    static List<String> readClasses(Path file) throws IOException {
        return ClassFile.read(file);
    }
}
