package io.jyolo.image;

import java.io.IOException;
import java.nio.file.Path;

/** An image file that cannot be read; the one-line message names the file and the problem. */
public class ImageReadException extends IOException {

    private final Path file;

    public ImageReadException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ImageReadException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
