package io.jyolo.tensorboard;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An event file whose bytes fail a checksum or do not parse: reading stops there, because every
 * later record boundary would be a guess. Names the file and the byte offset of the bad record.
 */
public class CorruptEventFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public CorruptEventFileException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    public CorruptEventFileException(Path file, long offset, String problem, Throwable cause) {
        super("corrupt event file " + file + " at byte offset " + offset + ": " + problem, cause);
        this.file = file;
        this.offset = offset;
    }

    /** The event file. */
    public Path file() {
        return file;
    }

    /** Byte offset of the start of the bad record. */
    public long offset() {
        return offset;
    }
}
