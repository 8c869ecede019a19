package io.jyolo.run;

import io.jyolo.data.ClassFile;
import io.jyolo.data.ResizeMode;
import io.jyolo.model.ModelConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run folder says a detector needs: the network, the resize mode, the class names and the
 * checkpoint to load, checked against each other before any weights are touched, so that a
 * half-written or mismatched run fails with one line naming the file instead of a DJL stack trace.
 *
 * @param dir        the run folder
 * @param config     {@code config.json}
 * @param classes    {@code classes.txt}, in index order
 * @param checkpoint the checkpoint read (verified by its checksum)
 */
public record TrainedRun(Path dir, TrainConfig config, List<String> classes, Checkpoints.Loaded checkpoint) {

    private static final System.Logger LOG = System.getLogger(TrainedRun.class.getName());

    public TrainedRun {
        classes = List.copyOf(classes);
    }

    /** The network the run trained. */
    public ModelConfig model() {
        return config.model();
    }

    /** How the run turned images into the square input. */
    public ResizeMode resize() {
        return config.resize();
    }

    /**
     * Opens {@code runDir} with {@code checkpoint}, or when that is null with
     * {@code checkpoints/best.ckpt}, else {@code last.ckpt}, else the newest numbered checkpoint
     * (a damaged default is skipped with a warning; an explicitly named one is an error).
     */
    public static TrainedRun open(Path runDir, Path checkpoint) throws IOException {
        RunFolder run = new RunFolder(runDir);
        TrainConfig config = run.readConfig();
        List<String> classes = readClasses(run.classes());
        if (classes.size() != config.model().classes()) {
            throw new IOException(run.classes() + " lists " + classes.size() + " classes but " + run.config()
                    + " describes a network with " + config.model().classes());
        }
        Checkpoints.Loaded loaded = checkpoint != null ? readNamed(checkpoint) : readDefault(run);
        List<String> trained = loaded.meta() == null ? null : loaded.meta().classes();
        if (trained != null && !trained.isEmpty() && !trained.equals(classes)) {
            throw new IOException(loaded.file() + " was trained with classes " + trained + " but " + run.classes()
                    + " lists " + classes);
        }
        return new TrainedRun(runDir, config, classes, loaded);
    }

    private static Checkpoints.Loaded readNamed(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": checkpoint file not found");
        }
        return Checkpoints.read(file);
    }

    private static Checkpoints.Loaded readDefault(RunFolder run) throws IOException {
        List<Path> candidates = new ArrayList<>();
        for (Path p : List.of(run.best(), run.last())) {
            if (Files.isRegularFile(p)) {
                candidates.add(p);
            }
        }
        List<Path> numbered = new ArrayList<>(Checkpoints.list(run.checkpoints()));
        numbered.removeIf(p -> Checkpoints.epochOf(p) < 0);
        numbered.sort((a, b) -> Integer.compare(Checkpoints.epochOf(b), Checkpoints.epochOf(a)));
        candidates.addAll(numbered);
        if (candidates.isEmpty()) {
            throw new IOException(run.dir() + ": no checkpoint in " + run.checkpoints()
                    + " (no epoch finished yet?); train or resume the run first");
        }
        List<String> damaged = new ArrayList<>();
        for (Path p : candidates) {
            try {
                Checkpoints.Loaded loaded = Checkpoints.read(p);
                for (String d : damaged) {
                    LOG.log(System.Logger.Level.WARNING, "skipping damaged checkpoint: " + d + "; using " + p);
                }
                return loaded;
            } catch (IOException e) {
                damaged.add(oneLine(e));
            }
        }
        throw new IOException(run.dir() + ": no readable checkpoint: " + String.join("; ", damaged));
    }

    /** The run's class list ({@link ClassFile}'s rules). */
    static List<String> readClasses(Path file) throws IOException {
        return ClassFile.read(file);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }
}
