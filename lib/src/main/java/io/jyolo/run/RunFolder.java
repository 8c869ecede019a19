package io.jyolo.run;

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
