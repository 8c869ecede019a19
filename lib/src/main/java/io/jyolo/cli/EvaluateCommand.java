package io.jyolo.cli;

import io.jyolo.eval.ApMethod;
import io.jyolo.eval.EvalResult;
import io.jyolo.eval.VocEvaluator;
import io.jyolo.viz.PrCurveChart;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jyolo evaluate}: PASCAL VOC AP per class and mAP.
 *
 * <p>Where the detections come from is one exclusive {@link Source} group, so a second source
 * (a trained run applied to a dataset, {@code --run/--data}) slots in next to {@link FolderSource}
 * without touching the scoring options or the output.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"PASCAL VOC average precision per class and mAP.",
            "Ground truth: a folder of VOC XML files, <image>.xml.",
            "Detections: a folder of <image>.txt files, one line per detection:",
            "  class score xmin ymin xmax ymax   (original-image pixels)"})
final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Exactly one source of ground truth and detections. */
    static final class Source {
        @ArgGroup(exclusive = false, multiplicity = "1", heading = "Detections from files:%n")
        FolderSource folders;
        // Planned: @ArgGroup(exclusive = false) RunSource run;  (--run <dir> --data <dir>): detect with a
        // trained run on a dataset split, then evaluate the same way. Add a branch in evaluate() below.
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
        VocEvaluator evaluator = VocEvaluator.builder().iou(iou).method(apMethod)
                .classes(classesFile == null ? null : readClasses(classesFile)).build();
        EvalResult result = evaluate(evaluator);

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
        out.flush();
        return 0;
    }

    private EvalResult evaluate(VocEvaluator evaluator) throws IOException {
        if (source.folders != null) {
            return evaluator.evaluateFolders(source.folders.groundTruth, source.folders.detections);
        }
        throw new IllegalStateException("no detections source given");
    }

    /** One class per line; blank lines and lines starting with '#' are skipped. */
    static List<String> readClasses(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": class list file not found");
        }
        List<String> names = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList();
        if (names.isEmpty()) {
            throw new IOException(file + ": class list is empty");
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IOException(file + ": class list has duplicate names");
        }
        return names;
    }
}
