package io.jyolo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jyolo dataset ...}: dataset tools. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Dataset tools: generate the synthetic demo dataset, summarise, check or shrink a VOC folder.",
        subcommands = {SynthCommand.class, SummaryCommand.class, CheckCommand.class, ShrinkCommand.class,
            CommandLine.HelpCommand.class})
final class DatasetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
