package io.jyolo.cli;

import io.jyolo.data.DatasetCheck;
import io.jyolo.data.DatasetReport;
import io.jyolo.data.VocDataset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jyolo dataset check}: every problem of a dataset in one report, with an exit code a script
 * can act on (0: training would skip nothing; 1: it would skip an image or an object).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a VOC-format dataset: every problem counted by kind, with examples naming the files."
                + " Exit 0 when training would skip nothing, 1 when it would skip an image or an object.")
final class CheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Dataset folder (JPEGImages/, Annotations/).")
    Path data;

    @Option(names = "--split", paramLabel = "NAME",
            description = "Split list in ImageSets/Main (a missing test falls back to val); every image and list when omitted.")
    String split;

    @Option(names = "--grid", paramLabel = "S",
            description = "Grid size S for cell collisions (default: the model's default, 7).")
    Integer grid;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) {
            throw new CommandLine.ParameterException(spec.commandLine(), data + " is not a folder");
        }
        int s = grid == null ? DatasetCheck.defaultGridSize() : grid;
        if (s < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--grid must be at least 1, got " + s);
        }
        // the report names every skip with its file; the dataset's own log of them would say it twice
        java.util.logging.Logger datasetLog = java.util.logging.Logger.getLogger(VocDataset.class.getName());
        java.util.logging.Level level = datasetLog.getLevel();
        datasetLog.setLevel(java.util.logging.Level.OFF);
        DatasetReport report;
        try {
            report = DatasetCheck.run(data, split, s);
        } finally {
            datasetLog.setLevel(level);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.toText());
        out.flush();
        return report.trainingWouldSkip() ? 1 : 0;
    }
}
