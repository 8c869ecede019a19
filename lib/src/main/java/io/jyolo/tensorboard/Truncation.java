package io.jyolo.tensorboard;

import java.nio.file.Path;

/**
 * An incomplete last record: what a crash in the middle of a write leaves behind. Readers skip it
 * and report it with this value instead of failing, as TensorBoard does.
 *
 * @param file          the event file
 * @param offset        byte offset where the incomplete record starts
 * @param danglingBytes how many bytes of it are present
 */
public record Truncation(Path file, long offset, long danglingBytes) {

    @Override
    public String toString() {
        return "truncated last record in " + file + " at byte offset " + offset + " (" + danglingBytes
                + " dangling bytes skipped)";
    }
}
