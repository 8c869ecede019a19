package io.jyolo.tensorboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names of event files: how TensorBoard recognises them and the order it reads them in.
 *
 * <p>TensorBoard takes every file of a run directory whose name contains {@code tfevents} and
 * reads them in lexicographic order of name, so a new file must sort after the existing ones for
 * its records (a resume's SessionLog START above all) to count as later. New names follow
 * TensorFlow's {@code events.out.tfevents.<10-digit unix seconds>.<host>.<pid>.<n>}; when that
 * would not sort last (a second file in the same second, a clock set back) the seconds field is
 * raised just enough.
 */
public final class EventFileNames {

    /** Marker TensorBoard looks for in a file name. */
    public static final String MARKER = "tfevents";

    private static final String PREFIX = "events.out.tfevents.";
    private static final Pattern SECONDS = Pattern.compile("tfevents\\.(\\d+)");
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String HOST = hostName();
    private static final System.Logger LOG = System.getLogger(EventFileNames.class.getName());

    private EventFileNames() {
    }

    /** Whether TensorBoard would read this file as an event file (name test only). */
    public static boolean isEventFile(Path file) {
        String name = file.getFileName().toString();
        return name.contains(MARKER) && !name.endsWith(".profile-empty") && Files.isRegularFile(file);
    }

    /** The event files directly inside {@code dir}, in the order TensorBoard reads them. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a directory: " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(EventFileNames::isEventFile)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
    }

    /**
     * A fresh file name in {@code dir} that does not exist yet and sorts after every event file
     * already there.
     */
    public static Path next(Path dir, long epochSeconds) throws IOException {
        List<Path> existing = list(dir);
        String last = existing.isEmpty() ? "" : existing.get(existing.size() - 1).getFileName().toString();
        long seconds = Math.max(0, epochSeconds);
        long pid = ProcessHandle.current().pid();
        long lastSeconds = secondsOf(last);
        while (true) {
            String name = String.format(Locale.ROOT, "%s%010d.%s.%d.%d", PREFIX, seconds, HOST, pid,
                    COUNTER.getAndIncrement());
            Path candidate = dir.resolve(name);
            if (Files.exists(candidate)) {
                continue;
            }
            if (name.compareTo(last) > 0) {
                return candidate;
            }
            if (lastSeconds >= seconds) {
                seconds = lastSeconds + 1;
                continue;
            }
            LOG.log(System.Logger.Level.WARNING, "event file " + last + " in " + dir
                    + " has a name no TensorFlow-style name sorts after; TensorBoard will read " + name
                    + " before it");
            return candidate;
        }
    }

    /** The seconds field of an event file name, or -1. */
    static long secondsOf(String name) {
        Matcher m = SECONDS.matcher(name);
        if (!m.find()) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException | UncheckedIOException | SecurityException e) {
                host = "localhost";
            }
        }
        String clean = host.replaceAll("[^A-Za-z0-9._-]", "_");
        return clean.isEmpty() ? "localhost" : clean;
    }
}
