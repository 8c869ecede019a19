package io.jyolo.spark;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The inputs of a job, listed on the driver through Hadoop's file systems (so {@code hdfs://},
 * {@code s3a://} and local paths alike): a folder (its images and videos, not recursive), a glob
 * ({@code data/*.jpg}), a {@code .txt} or {@code .lst} file naming one path or URI per line
 * ({@code #} starts a comment), or one image or video file.
 *
 * <p>Paths are listed, not opened: a listed file that cannot be read becomes a failure row of the
 * job, not an error here. A list file's entries are taken as written, so a missing one is a failure
 * row too.
 */
public final class InputList {

    private InputList() {
    }

    /**
     * The fully qualified paths {@code spec} names, sorted for folders and globs, in file order for lists.
     *
     * @throws IOException naming {@code spec} when it does not exist, matches nothing, or lists nothing
     */
    public static List<String> expand(String spec, Configuration conf) throws IOException {
        Path path = new Path(spec);
        FileSystem fs = path.getFileSystem(conf);
        List<String> found;
        if (hasGlob(spec)) {
            FileStatus[] matches = fs.globStatus(path);
            found = matches == null ? List.of() : files(matches, false);
        } else {
            FileStatus status;
            try {
                status = fs.getFileStatus(path);
            } catch (FileNotFoundException e) {
                throw new IOException(spec + ": input not found");
            }
            if (status.isDirectory()) {
                found = files(fs.listStatus(path), true);
            } else if (isList(spec)) {
                found = readList(fs, status.getPath());
            } else {
                found = List.of(status.getPath().toString());
            }
        }
        if (found.isEmpty()) {
            throw new IOException(spec + ": no images or videos");
        }
        return found;
    }

    private static List<String> files(FileStatus[] statuses, boolean onlyKnown) {
        return Arrays.stream(statuses).filter(FileStatus::isFile).map(s -> s.getPath().toString())
                .filter(p -> !onlyKnown || InputKind.listed(p)).sorted(Comparator.naturalOrder()).toList();
    }

    private static List<String> readList(FileSystem fs, Path list) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(list), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    out.add(entry);
                }
            }
        }
        return out;
    }

    private static boolean hasGlob(String spec) {
        return spec.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static boolean isList(String spec) {
        String s = spec.toLowerCase(java.util.Locale.ROOT);
        return s.endsWith(".txt") || s.endsWith(".lst");
    }
}
