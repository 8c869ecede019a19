package io.jyolo.notebook;

import io.jyolo.model.Architecture;
import io.jyolo.run.CheckpointMeta;
import io.jyolo.run.Checkpoints;
import io.jyolo.run.RunFolder;
import io.jyolo.run.RunLock;
import io.jyolo.run.RunStart;
import io.jyolo.run.TrainConfig;
import io.jyolo.train.Trainer;
import io.jyolo.train.TrainingListener;
import io.jyolo.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Starting, continuing and inspecting training runs from notebook cells, safely.
 *
 * <p>Training runs on a thread of its own; the notebook's interrupt button interrupts the cell's
 * thread, which asks the training thread to stop after the current batch (never in the middle of
 * writing a checkpoint) and waits for it. The cell returns at once from the kernel's point of view,
 * so a resume cell run right after must wait for that save, or it would continue from an older
 * checkpoint while the old thread still writes files. Every call here therefore holds the run
 * folder's lock while it trains: an in-process lock that a resume waits for (up to
 * {@link #WAIT_SECONDS} s), and the run folder's {@link RunLock}, which {@code jyolo train} and
 * {@code jyolo resume} take too, so that no other kernel or process trains the same run at the same
 * time.
 */
public final class TrainingRuns {

    /** How long a training call waits for a previous, interrupted one on the same run to finish. */
    public static final int WAIT_SECONDS = 120;
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    /** How the last training of each run in this kernel ended, until the next call reports it. */
    private static final Map<Path, TrainingResult> UNREPORTED = new ConcurrentHashMap<>();

    private TrainingRuns() {
    }

    /**
     * Trains {@code config} into {@code runDir}. An empty or new folder starts a run; a folder
     * that already holds this run continues it up to {@code config.epochs()}; with
     * {@code startOver} an existing run there is deleted first.
     *
     * @throws IllegalStateException when the folder holds a run of another network, input size or
     *                               dataset (choose another run name, or start over)
     */
    public static TrainingResult train(TrainConfig config, Path runDir, boolean startOver,
                                       TrainingListener... listeners) throws IOException {
        return locked(runDir, stop -> {
            if (startOver) {
                deleteRun(runDir);
            }
            RunStart plan = RunStart.plan(config, runDir);
            if (plan.kind() == RunStart.Kind.FINISHED) {
                System.out.println(plan.message() + "; startOver = true trains it again from scratch");
                return finished(plan);
            }
            if (plan.kind() == RunStart.Kind.CONTINUE) {
                System.out.println(plan.message() + " (startOver = true starts again)");
            }
            try (Trainer trainer = plan.kind() == RunStart.Kind.NEW ? Trainer.create(config, runDir)
                    : Trainer.resume(runDir, config.epochs())) {
                if (trainer.startNote() != null) {
                    System.out.println(trainer.startNote());
                }
                return trainer.fit(with(listeners, stopper(stop)));
            }
        });
    }

    /**
     * Continues the run in {@code runDir} from its newest valid checkpoint, after an interrupt, a
     * kernel restart or a killed kernel. {@code epochs > 0} sets a new epoch budget; otherwise the
     * run's own is kept (a finished run then returns at once).
     */
    public static TrainingResult resume(Path runDir, int epochs, TrainingListener... listeners) throws IOException {
        return locked(runDir, stop -> {
            if (!hasCheckpoint(runDir)) {
                throw new IllegalStateException("nothing to resume in " + runDir + ": no checkpoint yet (training"
                        + " stopped before its first epoch ended, or never started); start it with 02-train");
            }
            Optional<RunStart> plan = RunStart.existing(runDir, epochs);
            if (plan.isPresent() && plan.get().kind() == RunStart.Kind.FINISHED) {
                System.out.println(plan.get().message());
                return finished(plan.get());
            }
            try (Trainer trainer = Trainer.resume(runDir, epochs > 0 ? epochs : null)) {
                return trainer.fit(with(listeners, stopper(stop)));
            }
        });
    }

    /** The COMPLETED result of a run that already reached its budget: a finished run is not reopened. */
    private static TrainingResult finished(RunStart plan) {
        return new TrainingResult(TrainingResult.Status.COMPLETED, plan.epochsDone(), plan.globalStep(),
                plan.checkpoint(), plan.message());
    }

    /** True when {@code runDir} holds at least one checkpoint file. */
    public static boolean hasCheckpoint(Path runDir) throws IOException {
        return !Checkpoints.list(new RunFolder(runDir).checkpoints()).isEmpty();
    }

    /**
     * The checkpoints of a run, newest training state first: file, epochs done, batches of the
     * next epoch done (non-zero after an interrupt), optimizer steps, written at, size, and
     * "ok" or why the file cannot be used.
     */
    public static Table checkpoints(Path runDir) throws IOException {
        StringColumn file = StringColumn.create("file");
        IntColumn epoch = IntColumn.create("epoch");
        IntColumn batches = IntColumn.create("batches_into_next");
        LongColumn step = LongColumn.create("step");
        StringColumn written = StringColumn.create("written");
        LongColumn mb = LongColumn.create("MB");
        StringColumn status = StringColumn.create("status");
        record Row(Path file, CheckpointMeta meta, String problem) {
        }
        List<Row> rows = new java.util.ArrayList<>();
        for (Path p : Checkpoints.list(new RunFolder(runDir).checkpoints())) {
            try {
                rows.add(new Row(p, Checkpoints.readMeta(p), null));
            } catch (IOException | RuntimeException e) {
                rows.add(new Row(p, null, e.getMessage()));
            }
        }
        rows.sort(Comparator.comparingLong((Row r) -> r.meta() == null ? -1 : r.meta().globalStep()).reversed()
                .thenComparing(r -> r.file().getFileName().toString()));
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                .withZone(ZoneId.systemDefault());
        for (Row r : rows) {
            file.append(r.file().getFileName().toString());
            if (r.meta() != null) {
                epoch.append(r.meta().epoch());
                batches.append(r.meta().batchesDone());
                step.append(r.meta().globalStep());
                written.append(time.format(Instant.ofEpochMilli(r.meta().wallTime())));
                status.append("ok");
            } else {
                epoch.appendMissing();
                batches.appendMissing();
                step.appendMissing();
                written.append("");
                status.append(r.problem());
            }
            mb.append(Files.size(r.file()) >> 20);
        }
        return Table.create("checkpoints in " + runDir, file, epoch, batches, step, written, mb, status);
    }

    /** The demo's quick settings: Fast YOLO at 128 px, 3 epochs of 32 images, weight histograms. */
    public static TrainConfig quickConfig(Path data) {
        return TrainConfig.builder(data.toString()).network(Architecture.FAST, 128).epochs(3).batchSize(8)
                .limitTrain(32).learningRate(5e-3).schedule("step").histograms("weight").workers(2).build();
    }

    /**
     * The run in {@code runDir} when it has a checkpoint. When it has none: in quick mode a tiny
     * run is trained there now on the demo dataset ({@link #quickConfig}); otherwise an {@link IllegalStateException} says to run 02-train first.
     */
    public static Path ensureTrained(Path runDir) throws IOException {
        if (hasCheckpoint(runDir)) {
            return runDir;
        }
        if (!Notebooks.quick()) {
            throw new IllegalStateException("no trained run in " + runDir + ": run notebook 02-train first, or set"
                    + " runName to one of the runs in " + runDir.getParent() + ": " + runs(runDir.getParent()));
        }
        System.out.println("quick mode: no run in " + runDir + ", training a tiny one there now");
        TrainingResult r = train(quickConfig(Notebooks.demoDataset()), runDir, true);
        System.out.println(r.message());
        return runDir;
    }

    /** Names of the run folders (with checkpoints) under {@code logDir}. */
    public static List<String> runs(Path logDir) throws IOException {
        if (logDir == null || !Files.isDirectory(logDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(logDir)) {
            return s.filter(p -> {
                try {
                    return hasCheckpoint(p);
                } catch (IOException e) {
                    return false;
                }
            }).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Deletes a run folder that jyolo wrote (it holds config.json or checkpoints/); refuses any other folder. */
    static void deleteRun(Path runDir) throws IOException {
        if (!Files.exists(runDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(runDir)) {
            if (s.allMatch(p -> p.getFileName().toString().equals(RunLock.FILE))) {
                return; // new or empty: nothing to start over from
            }
        }
        RunFolder run = new RunFolder(runDir);
        if (!Files.exists(run.config()) && !Files.isDirectory(run.checkpoints())) {
            throw new IllegalStateException(runDir + " is not a jyolo run folder (no config.json, no checkpoints/):"
                    + " not deleting it; choose another run name");
        }
        try (Stream<Path> walk = Files.walk(runDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (p.equals(runDir) || p.getFileName().toString().equals(RunLock.FILE)) {
                    continue; // we hold the lock file open
                }
                Files.delete(p);
            }
        }
        System.out.println("started over: deleted the previous run in " + runDir);
    }

    /** Work that needs a run folder's lock. */
    @FunctionalInterface
    interface RunWork<T> {
        T run(AtomicBoolean stop) throws IOException;
    }

    /**
     * Runs {@code work} on a training thread of its own while the calling (cell) thread waits. An
     * interrupt of the cell thread (the notebook's interrupt button) only raises the stop flag; the
     * training thread then interrupts itself after the current batch or epoch, where no file is being
     * written (an interrupt inside a checkpoint write would close its file channel and lose the save).
     * The cell thread keeps waiting until the checkpoint is saved and the locks are released.
     */
    static <T> T locked(Path runDir, RunWork<T> work) throws IOException {
        AtomicBoolean stop = new AtomicBoolean();
        FutureTask<T> task = new FutureTask<>(() -> lockedHere(runDir, work, stop));
        Thread worker = new Thread(task, "jyolo-training-" + runDir.getFileName());
        worker.setDaemon(true);
        worker.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop.set(true);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error er) {
                        throw er;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Interrupts the training thread at a safe point (after a batch, after an epoch) once {@code stop} is raised. */
    static TrainingListener stopper(AtomicBoolean stop) {
        return new TrainingListener() {
            @Override
            public void onBatch(io.jyolo.train.BatchProgress progress) {
                if (stop.get()) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onEpoch(Trainer trainer, io.jyolo.run.EpochRecord record) {
                if (stop.get()) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    static TrainingListener[] with(TrainingListener[] listeners, TrainingListener extra) {
        TrainingListener[] all = java.util.Arrays.copyOf(listeners, listeners.length + 1);
        all[listeners.length] = extra;
        return all;
    }

    private static <T> T lockedHere(Path runDir, RunWork<T> work, AtomicBoolean stop) throws IOException {
        Path key = runDir.toAbsolutePath().normalize();
        ReentrantLock lock = LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
        boolean got;
        try {
            got = lock.tryLock();
            if (!got) {
                System.out.println("waiting for the interrupted training of " + runDir + " to save its checkpoint...");
                got = lock.tryLock(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the previous training of " + runDir, e);
        }
        if (!got) {
            throw new IllegalStateException("another training of " + runDir + " in this kernel is still running after "
                    + WAIT_SECONDS + " s: interrupt it or restart the kernel");
        }
        TrainingResult previous = UNREPORTED.remove(key);
        if (previous != null) {
            // JJava drops output sent after an interrupted cell has returned: say here how it ended
            System.out.println("previous training of " + runDir + ": " + previous.message());
        }
        try {
            try (RunLock ignored = RunLock.acquire(key)) {
                try {
                    T result = work.run(stop);
                    if (result instanceof TrainingResult r && r.status() != TrainingResult.Status.COMPLETED) {
                        UNREPORTED.put(key, r);
                    }
                    return result;
                } catch (IOException | RuntimeException | Error e) {
                    // after the interrupt button the cell has already returned: this is the only trace
                    System.err.println("training of " + runDir + " stopped: " + e);
                    throw e;
                } finally {
                    Thread.interrupted(); // a stop raised after the last batch has nothing left to stop
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            lock.unlock();
        }
    }
}
