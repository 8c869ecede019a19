package io.jyolo.data;

import java.io.IOException;

/** An annotation file that cannot be understood; the message names the file and the problem. */
public class VocFormatException extends IOException {

    private final String source;

    public VocFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    /** The file (or other source) that could not be read. */
    public String source() {
        return source;
    }
}
