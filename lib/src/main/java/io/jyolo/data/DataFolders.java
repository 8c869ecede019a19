package io.jyolo.data;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several dataset folders written as one string, the way a run's {@code config.json} keeps its
 * {@code data}: joined with the platform's path separator ({@code :} on Linux), like a class path.
 * One folder is written as itself, so runs trained on one folder read and write the same
 * {@code config.json} as before.
 */
public final class DataFolders {

    private DataFolders() {
    }

    /** The folders of {@code data}, in order (blank parts ignored). */
    public static List<Path> parse(String data) {
        List<Path> out = Arrays.stream(data.split(File.pathSeparator)).map(String::strip).filter(s -> !s.isEmpty())
                .map(Path::of).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no dataset folder in '" + data + "'");
        }
        return out;
    }

    /** {@code folders} as one string for {@link #parse}. */
    public static String join(List<Path> folders) {
        return folders.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
