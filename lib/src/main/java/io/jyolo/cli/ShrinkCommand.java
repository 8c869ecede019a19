package io.jyolo.cli;

import io.jyolo.data.VocShrink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jyolo dataset shrink}: a copy of a VOC folder with its large photos made smaller, annotations scaled. */
@Command(name = "shrink", mixinStandardHelpOptions = true,
        description = "Write a copy of a VOC-format folder whose images are at most --max-side pixels on their"
                + " longer side, boxes scaled to match; smaller images are copied as they are. Do it once for"
                + " camera photos: they then decode in a millisecond instead of tens, fit the decoded-image"
                + " cache and are not aliased by the augmentation's resize.")
final class ShrinkCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The VOC folder (JPEGImages/, Annotations/, "
            + "optional ImageSets/ and classes.txt).")
    Path source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "Where the copy goes: a new or empty folder.")
    Path target;

    @Option(names = "--max-side", paramLabel = "PX", defaultValue = "" + VocShrink.DEFAULT_MAX_SIDE,
            description = "Longest side of a written image (default: ${DEFAULT-VALUE}, twice the default input).")
    int maxSide;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(source)) {
            throw new CommandLine.ParameterException(spec.commandLine(), source + " is not a folder");
        }
        if (maxSide < VocShrink.MIN_SIDE) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-side must be at least " + VocShrink.MIN_SIDE + ", got " + maxSide);
        }
        long t0 = System.nanoTime();
        VocShrink.Result r = VocShrink.run(source, target, maxSide, line -> System.err.println("shrink: " + line));
        System.out.printf("%s: %s in %.1f s%n", target, r, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
