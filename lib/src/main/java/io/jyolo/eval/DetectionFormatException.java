package io.jyolo.eval;

import java.io.IOException;
import java.nio.file.Path;

/** A detections text file line that cannot be read; the message names the file, the line number and the problem. */
public class DetectionFormatException extends IOException {

    private final Path file;
    private final int line;

    public DetectionFormatException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }
}
