package io.jyolo.cli;

import io.jyolo.data.SynthConfig;
import io.jyolo.data.SynthSummary;
import io.jyolo.data.SyntheticShapes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code jyolo dataset synth}: generates the built-in synthetic shapes dataset.
 *
 * <p>It never writes into a folder that already has content; with {@code --force} it first
 * empties a folder that holds an earlier generated dataset and nothing else, and refuses
 * (exit code 1) when it finds anything the generator did not write.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Generate the synthetic shapes dataset (PASCAL VOC layout, no download).")
final class SynthCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset folder to create.")
    Path out;

    @Option(names = "--count", paramLabel = "N", defaultValue = "" + SynthConfig.DEFAULT_COUNT,
            description = "Number of images (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "" + SynthConfig.DEFAULT_SIZE,
            description = "Image side in pixels, " + SynthConfig.MIN_SIZE + ".." + SynthConfig.MAX_SIZE
                    + " (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + SynthConfig.DEFAULT_SEED,
            description = "Random seed; the same options give identical files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--fractions", paramLabel = "TRAIN,VAL,TEST", split = ",", hideParamSyntax = true,
            defaultValue = "0.7,0.15,0.15",
            description = "Split shares, summing to 1 (default: ${DEFAULT-VALUE}).")
    double[] fractions;

    @Option(names = "--objects", paramLabel = "N", defaultValue = "" + SynthConfig.DEFAULT_MAX_OBJECTS,
            description = "Each image gets 1..N objects (default: ${DEFAULT-VALUE}).")
    int objects;

    @Option(names = "--object-size", paramLabel = "MIN,MAX", split = ",", hideParamSyntax = true,
            defaultValue = SynthConfig.DEFAULT_MIN_OBJECT_SIZE + "," + SynthConfig.DEFAULT_MAX_OBJECT_SIZE,
            description = "Range of a shape's larger box side as fractions of the image side, log-uniform"
                    + " (default: ${DEFAULT-VALUE}).")
    double[] objectSize;

    @Option(names = "--force", description = "Replace an earlier generated dataset in --out.")
    boolean force;

    @Option(names = "--if-changed", description = "Keep --out when it already holds the dataset of these options;"
            + " otherwise replace it (like --force). Used by the set-up, so new defaults take effect.")
    boolean ifChanged;

    @Override
    public Integer call() throws IOException {
        SynthConfig config = config();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is a file, not a folder");
        }
        if (ifChanged && SyntheticShapes.isGeneratedWith(out, config)) {
            PrintWriter w = spec.commandLine().getOut();
            w.println("synth: " + out + " already holds this dataset (" + SyntheticShapes.command(config) + ")");
            w.flush();
            return 0;
        }
        boolean force = this.force || ifChanged;
        if (!force && hasContent(out)) {
            throw new ParameterException(spec.commandLine(),
                    "--out " + out + " is not empty; pass --force to replace a dataset generated earlier");
        }
        if (force) {
            SyntheticShapes.clearGenerated(out);
        }
        SynthSummary summary = SyntheticShapes.generate(config);
        PrintWriter w = spec.commandLine().getOut();
        w.println("synth: " + summary.line());
        w.flush();
        return 0;
    }

    private SynthConfig config() {
        if (fractions.length != 3) {
            throw new ParameterException(spec.commandLine(),
                    "--fractions needs three values TRAIN,VAL,TEST (got " + fractions.length + ")");
        }
        if (objectSize.length != 2) {
            throw new ParameterException(spec.commandLine(),
                    "--object-size needs two values MIN,MAX (got " + objectSize.length + ")");
        }
        try {
            return SynthConfig.builder(out).count(count).imageSize(size).seed(seed)
                    .fractions(fractions[0], fractions[1], fractions[2]).maxObjects(objects)
                    .objectSize(objectSize[0], objectSize[1]).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static boolean hasContent(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }
}
