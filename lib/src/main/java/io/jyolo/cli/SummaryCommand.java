package io.jyolo.cli;

import io.jyolo.data.DatasetSummary;
import io.jyolo.data.VocDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jyolo dataset summary}: what a VOC-format folder holds and what would be skipped. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Summarise a VOC-format dataset: images, objects per class, difficult, skipped files,"
                + " grid-cell collisions and box-size quantiles.")
final class SummaryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Dataset folder (JPEGImages/, Annotations/, optional classes.txt).")
    Path data;

    @Option(names = "--split", paramLabel = "NAME",
            description = "Split list in ImageSets/Main (train, val, test...); all images when omitted.")
    String split;

    @Option(names = "--grid", paramLabel = "S", defaultValue = "7",
            description = "Grid size S for counting cell collisions (default: ${DEFAULT-VALUE}).")
    int grid;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data " + data + " is not a folder");
        }
        if (grid < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--grid must be at least 1, got " + grid);
        }
        VocDataset ds = VocDataset.open(data, split);
        ds.notes().forEach(n -> System.err.println("note: " + n));
        DatasetSummary summary = DatasetSummary.of(ds, grid);
        System.out.println(summary.table().printAll());
        System.out.println();
        System.out.println(summary.classTable().printAll());
        return 0;
    }
}
