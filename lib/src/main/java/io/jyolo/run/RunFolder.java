package io.jyolo.run;

import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one training run: {@code config.json}, {@code classes.txt}, {@code history.csv},
 * {@code checkpoints/} (numbered, {@code last.ckpt}, {@code best.ckpt}) and the TensorBoard event
 * files directly in the folder (TensorBoard shows each folder under {@code log/} as one run).
 */
public record RunFolder(Path dir) {

    public Path config() {
        return dir.resolve("config.json");
    }

    /**
     * The run's {@code config.json}, read as UTF-8. The one reader for every front end, so that a
     * missing or damaged file fails the same way everywhere: with one line naming the file.
     *
     * @throws IOException when the folder or the file does not exist, or the file is not a valid
     *                     training configuration
     */
    public TrainConfig readConfig() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": run folder does not exist");
        }
        if (!Files.isRegularFile(config())) {
            throw new IOException(dir + ": not a run folder (no config.json); create one with 'jyolo train'");
        }
        try {
            return TrainConfig.fromJson(Files.readString(config(), StandardCharsets.UTF_8));
        } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(config() + ": not a valid training configuration: " + why.replace('\n', ' '), e);
        }
    }

    public Path classes() {
        return dir.resolve("classes.txt");
    }

    public Path history() {
        return dir.resolve("history.csv");
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    /** {@code checkpoints/best.ckpt}: the best validation result so far. */
    public Path best() {
        return checkpoints().resolve("best.ckpt");
    }

    /** {@code checkpoints/last.ckpt}: the newest training state. */
    public Path last() {
        return checkpoints().resolve("last.ckpt");
    }
}
