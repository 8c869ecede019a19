package io.jyolo.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Optional;

/**
 * What training a configuration into a run folder means: start a new run, continue the one that is
 * there, or nothing because it already reached its epoch budget. The one start-or-resume decision
 * for {@code jyolo train --resume-if-exists} (which {@code make train} calls) and the notebooks'
 * {@code TrainingRuns.train}, so that both refuse to continue a different run in the same folder
 * and neither reopens a finished one. Decide while holding the run's {@link RunLock}: another
 * writer could change the folder in between otherwise.
 *
 * @param kind       what to do
 * @param runDir     the run folder
 * @param epochsDone epochs the newest good checkpoint finished (0 for a new run)
 * @param globalStep optimizer steps the newest good checkpoint took (0 for a new run)
 * @param checkpoint the newest good checkpoint, null for a new run
 * @param epochs     the epoch budget the decision was made against
 * @param message    one line for the user saying what will happen
 */
public record RunStart(Kind kind, Path runDir, int epochsDone, long globalStep, Path checkpoint, int epochs,
                       String message) {

    /** The three outcomes. */
    public enum Kind {
        /** No checkpoint in the folder: create the run. */
        NEW,
        /** The folder holds this run, short of its budget: resume it. */
        CONTINUE,
        /** The folder holds this run at or past its budget: nothing to train. */
        FINISHED
    }

    /**
     * The decision for training {@code config} into {@code runDir}, up to {@code config.epochs()}.
     *
     * @throws IllegalStateException when the folder holds a run of another network, input size or
     *                               dataset, or has checkpoints of which none is readable
     */
    public static RunStart plan(TrainConfig config, Path runDir) throws IOException {
        RunFolder run = new RunFolder(runDir);
        if (Checkpoints.list(run.checkpoints()).isEmpty()) {
            return new RunStart(Kind.NEW, runDir, 0, 0, null, config.epochs(),
                    String.format(Locale.ROOT, "starting a new run in %s", runDir));
        }
        String was = describe(run.readConfig());
        String wants = describe(config);
        if (!was.equals(wants)) {
            throw new IllegalStateException(runDir + " holds a run of " + was + " but this configuration asks for "
                    + wants + ": choose another run folder, or delete that run to start over");
        }
        return existing(runDir, config.epochs()).orElseThrow(() -> new IllegalStateException(
                runDir + " has checkpoints but none is readable: delete the damaged files to start over"));
    }

    /**
     * The decision for resuming {@code runDir} up to {@code epochs} ({@code <= 0}: the run's own
     * budget): CONTINUE or FINISHED, or empty when it has no readable checkpoint.
     */
    public static Optional<RunStart> existing(Path runDir, int epochs) throws IOException {
        Optional<Checkpoints.Loaded> newest = Checkpoints.newestGood(new RunFolder(runDir).checkpoints(),
                new ArrayList<>());
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        CheckpointMeta meta = newest.get().meta();
        TrainConfig saved = TrainConfig.fromJson(meta.configJson());
        int budget = epochs > 0 ? epochs : saved.epochs();
        // a run that stopped early stays stopped whatever the budget (the trainer will not train it further)
        boolean stopped = meta.atEpochBoundary() && meta.patienceSpent(saved.patience()) && meta.epoch() < budget;
        boolean finished = stopped || meta.epoch() >= budget && meta.atEpochBoundary();
        String message = stopped
                ? "nothing to do: " + runDir + " already " + CheckpointMeta.earlyStopText(meta.epoch(),
                        saved.patience(), meta.bestEpoch(), meta.bestMetric()) + "; not training further"
                : finished
                ? String.format(Locale.ROOT, "nothing to do: %s is at epoch %d of %d (raise epochs to train further)",
                        runDir, meta.epoch(), budget)
                : String.format(Locale.ROOT, "%s already holds this run at epoch %d of %d: continuing it", runDir,
                        meta.epoch(), budget);
        return Optional.of(new RunStart(finished ? Kind.FINISHED : Kind.CONTINUE, runDir, meta.epoch(),
                meta.globalStep(), newest.get().file(), budget, message));
    }

    /** What makes two configurations the same run: network, input size and dataset. */
    private static String describe(TrainConfig c) {
        return c.model().architecture() + " at " + c.model().inputSize() + " px on "
                + Path.of(c.data()).toAbsolutePath().normalize();
    }
}
