package io.jyolo.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The starting weights of a new run taken from another run ({@code --init-from}): every parameter
 * whose name ({@link YoloNetwork#namedParameters()}) and shape agree is copied, BatchNorm running
 * statistics included; the rest keep their fresh initialisation. Unlike a resume, neither the
 * optimizer state nor the epoch is taken: the new run starts at epoch 1 with its own settings.
 *
 * <p>Lenient on purpose: fine-tuning on a dataset with another class count changes the shape of
 * the head's last layer, and another input size changes the fully-connected layers of
 * {@code fast} and {@code original}; those are the layers that must start afresh. Resuming
 * ({@link Checkpoints.Loaded#restoreParameters}) is strict instead.
 *
 * @param file       the checkpoint the weights came from
 * @param epoch      the epoch that checkpoint was written after
 * @param copied     parameters taken from it
 * @param reshaped   parameters left freshly initialised because their shapes differ, each with both shapes
 * @param missing    parameters of this network the checkpoint has none of (another architecture's layers)
 */
public record InitialWeights(Path file, int epoch, int copied, List<String> reshaped, List<String> missing) {

    /** How many names the one-line report lists per kind. */
    private static final int SHOWN = 3;

    public InitialWeights {
        reshaped = List.copyOf(reshaped);
        missing = List.copyOf(missing);
    }

    /**
     * The checkpoint {@code source} stands for: a checkpoint file as it is; a run folder's
     * {@code best.ckpt}, else its {@code last.ckpt}.
     *
     * @throws IOException one line naming {@code source} when it is neither
     */
    public static Path resolve(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            return source;
        }
        if (!Files.isDirectory(source)) {
            throw new IOException(source + ": --init-from needs a run folder or a checkpoint file, and this is neither");
        }
        RunFolder run = new RunFolder(source);
        for (Path candidate : List.of(run.best(), run.last())) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException(source + ": no checkpoints/best.ckpt or checkpoints/last.ckpt to start from");
    }

    /**
     * Copies what fits from checkpoint {@code file} into {@code network}. The checkpoint's own network
     * is rebuilt from its configuration in a scratch manager, loaded, and copied over parameter by
     * parameter, so both networks exist at once for a moment.
     *
     * @throws IOException when the file is not a readable checkpoint, or not one parameter fits
     */
    public static InitialWeights load(Path file, YoloNetwork network, NDManager manager) throws IOException {
        Checkpoints.Loaded loaded = Checkpoints.read(file);
        TrainConfig config = TrainConfig.fromJson(loaded.meta().configJson());
        ModelConfig model = config.model().toBuilder().classes(loaded.meta().classes().size()).build();
        int copied = 0;
        List<String> reshaped = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (NDManager scratch = manager.newSubManager()) {
            YoloNetwork source = YoloNetworks.create(model).initialize(scratch);
            loaded.restoreParameters(source, scratch);
            Map<String, Parameter> theirs = source.namedParameters();
            for (Map.Entry<String, Parameter> mine : network.namedParameters().entrySet()) {
                Parameter other = theirs.get(mine.getKey());
                if (other == null || !other.isInitialized()) {
                    missing.add(mine.getKey());
                    continue;
                }
                NDArray target = mine.getValue().getArray();
                NDArray values = other.getArray();
                if (!target.getShape().equals(values.getShape())) {
                    reshaped.add(mine.getKey() + " " + text(values.getShape()) + " there, " + text(target.getShape())
                            + " here");
                    continue;
                }
                target.set(new NDIndex("..."), values.toDevice(target.getDevice(), false));
                copied++;
            }
        }
        if (copied == 0) {
            throw new IOException(file + ": not one parameter of this " + network.config().architecture()
                    + " matches the checkpoint's " + model.architecture() + " by name and shape; nothing to start from");
        }
        return new InitialWeights(file, loaded.meta().epoch(), copied, reshaped, missing);
    }

    /** One line for the user: where the weights came from, and which layers start afresh and why. */
    public String message() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "init-from %s (epoch %d): took %d of %d parameters",
                file, epoch, copied, copied + reshaped.size() + missing.size()));
        if (!reshaped.isEmpty()) {
            s.append(String.format(Locale.ROOT, "; %d freshly initialised because their shapes differ (another class"
                    + " count or input size): %s", reshaped.size(), first(reshaped)));
        }
        if (!missing.isEmpty()) {
            s.append(String.format(Locale.ROOT, "; %d freshly initialised because the checkpoint has no such layer: %s",
                    missing.size(), first(missing)));
        }
        return s.toString();
    }

    private static String first(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(SHOWN, names.size())))
                + (names.size() > SHOWN ? ", ..." : "");
    }

    private static String text(Shape shape) {
        StringBuilder s = new StringBuilder();
        for (long d : shape.getShape()) {
            s.append(s.length() == 0 ? "" : "x").append(d);
        }
        return s.toString();
    }
}
