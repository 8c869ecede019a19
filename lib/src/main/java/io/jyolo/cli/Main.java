package io.jyolo.cli;

import io.jyolo.engine.Engines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jyolo} command line: {@code java -jar lib/target/jyolo.jar <command>}.
 *
 * <p>Every command maps bad options to a one-line message and exit code 2, and any other
 * failure to a one-line message and exit code 1, so scripts and notebooks never see a
 * stack trace for a user mistake.
 */
@Command(name = "jyolo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "YOLO v1 object detection in pure Java.",
        subcommands = {InfoCommand.class, DatasetCommand.class, TrainCommand.class, ResumeCommand.class, DetectCommand.class, EvaluateCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int run(String... args) {
        Engines.configure();
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, args1) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("jyolo " + c.getCommandName() + ": " + ex.getMessage()
                    + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex;
            if (cause instanceof IllegalArgumentException || cause instanceof java.io.IOException
                    || cause instanceof IllegalStateException) {
                commandLine.getErr().println("jyolo " + commandLine.getCommandName() + ": " + cause.getMessage());
            } else {
                commandLine.getErr().println("jyolo " + commandLine.getCommandName() + ": " + cause);
            }
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jyolo " + (v == null ? "dev" : v)};
        }
    }
}
