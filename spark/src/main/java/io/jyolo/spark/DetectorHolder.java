package io.jyolo.spark;

import io.jyolo.detect.Detector;
import io.jyolo.detect.DetectorOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One {@link Detector} per executor JVM and run: loaded by the first task that needs it and reused
 * by every later task of the JVM, so the weights are read once per executor, not once per task or
 * partition. Tasks of one executor run on several threads and a detector is used by one thread at
 * a time, so callers hold the detector's lock for the forward pass only ({@link PartitionDetection});
 * reading and decoding inputs stays parallel, and libtorch's own threads use the cores for the forward pass.
 *
 * <p>A run folder on a Hadoop file system other than the local one (HDFS, S3) is copied once to a
 * local temporary folder, because the library reads runs from local files.
 */
final class DetectorHolder {

    private record Key(String run, DetectorOptions options) {
    }

    private static final Map<Key, Detector> LOADED = new HashMap<>();
    private static boolean hooked;

    private DetectorHolder() {
    }

    /** The JVM's detector for {@code settings}, loaded on first use. */
    static synchronized Detector get(JobSettings settings) {
        Key key = new Key(settings.run(), settings.detectorOptions());
        Detector d = LOADED.get(key);
        if (d == null) {
            try {
                d = Detector.load(localRun(settings.run()), key.options());
            } catch (IOException e) {
                throw new UncheckedIOException(settings.run() + ": cannot load the run: " + e.getMessage(), e);
            }
            LOADED.put(key, d);
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(DetectorHolder::closeAll, "jyolo-detector-close"));
            }
        }
        return d;
    }

    /** How many detectors this JVM holds (one per run and options used). */
    static synchronized int loaded() {
        return LOADED.size();
    }

    /** Closes and forgets every detector of this JVM (the next task loads again). */
    static synchronized void closeAll() {
        LOADED.values().forEach(Detector::close);
        LOADED.clear();
    }

    private static java.nio.file.Path localRun(String run) throws IOException {
        Path path = new Path(run);
        FileSystem fs = path.getFileSystem(new Configuration());
        if (fs instanceof LocalFileSystem) {
            return java.nio.file.Path.of(fs.makeQualified(path).toUri());
        }
        java.nio.file.Path local = Files.createTempDirectory("jyolo-run-");
        fs.copyToLocalFile(false, path, new Path(local.toUri()), true);
        return local.resolve(path.getName());
    }
}
