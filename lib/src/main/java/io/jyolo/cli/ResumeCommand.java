package io.jyolo.cli;

import io.jyolo.run.RunLock;
import io.jyolo.run.RunStart;
import io.jyolo.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jyolo resume <run>}: continue a run from its newest valid checkpoint. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue a training run from its newest valid checkpoint (weights, optimizer state, schedule,"
                + " data order); logs after that checkpoint are discarded so every epoch appears once.")
final class ResumeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run folder, e.g. log/shapes-fast.")
    Path run;

    @Option(names = "--epochs", paramLabel = "N", description = "New total epoch budget (default: the run's own).")
    Integer epochs;

    @Option(names = {"--device", "--devices"}, paramLabel = "cpu|gpu|gpu:N|gpu:0,gpu:1,...|all",
            description = "Continue on this device, or these devices (data-parallel), instead of those the run was"
                    + " started with; a run trained on several devices resumes on one and the reverse.")
    String device;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(run)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "run folder " + run + " does not exist");
        }
        if (epochs != null && epochs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be at least 1");
        }
        try (RunLock lock = RunLock.acquire(run)) {
            Optional<RunStart> plan = RunStart.existing(run, epochs == null ? 0 : epochs);
            if (plan.isPresent() && plan.get().kind() == RunStart.Kind.FINISHED) {
                spec.commandLine().getOut().println(plan.get().message()); // a finished run is not reopened
                spec.commandLine().getOut().flush();
                return 0;
            }
            try (Trainer trainer = Trainer.resume(run, epochs, device)) {
                return TrainCommand.fitInterruptibly(trainer);
            }
        }
    }
}
