package io.jyolo.tensorboard;

import io.jyolo.tensorboard.proto.Event;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Appends framed {@link Event} records to one new event file. Thread-safe.
 *
 * <p>The file starts with the {@code file_version = "brain.Event:2"} record TensorBoard expects.
 * Records go to a buffer, each as a single write, so the buffer only ever reaches the file at record
 * boundaries. A daemon thread flushes the buffer every flush interval; {@link #flush()} and
 * {@link #close()} flush at once. What a crash can lose: if the JVM dies, the records written since
 * the last flush (at most one flush interval's worth) — never a record already flushed, and the file
 * stays readable. If the machine loses power, whatever the operating system had not yet written to
 * disk may be lost too ({@link #close()} forces the file to disk; a periodic flush does not).
 */
public final class EventFileWriter implements Closeable {

    /** The file version TensorBoard requires for SessionLog-based purging. */
    public static final String FILE_VERSION = "brain.Event:2";

    private static final System.Logger LOG = System.getLogger(EventFileWriter.class.getName());

    private final Path file;
    private final Clock clock;
    private final OutputStream out;
    private final FileChannel channel;
    private final ScheduledExecutorService flusher;
    private final Object lock = new Object();
    private boolean closed;
    private IOException backgroundFailure;

    private EventFileWriter(Path file, Clock clock, Duration flushInterval) throws IOException {
        this.file = file;
        this.clock = clock;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        if (flushInterval.isZero()) {
            flusher = null;
        } else {
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jyolo-tensorboard-flush " + file.getFileName());
                t.setDaemon(true);
                return t;
            });
            long millis = Math.max(1, flushInterval.toMillis());
            flusher.scheduleWithFixedDelay(this::backgroundFlush, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Creates a new event file in {@code dir} (created if missing), named to sort after the files
     * already there, and writes its file_version record.
     *
     * @param flushInterval how often buffered records reach the file; zero flushes after every record
     */
    public static EventFileWriter create(Path dir, Clock clock, Duration flushInterval) throws IOException {
        if (flushInterval.isNegative()) {
            throw new IllegalArgumentException("flush interval must not be negative: " + flushInterval);
        }
        Files.createDirectories(dir);
        Path file = EventFileNames.next(dir, clock.instant().getEpochSecond());
        EventFileWriter writer = new EventFileWriter(file, clock, flushInterval);
        writer.write(Event.newBuilder().setWallTime(writer.wallTime()).setFileVersion(FILE_VERSION).build());
        writer.flush();
        return writer;
    }

    /** The clock's time in TensorBoard's form: seconds since the epoch, with fraction. */
    public double wallTime() {
        Instant now = clock.instant();
        return now.getEpochSecond() + now.getNano() / 1e9;
    }

    /** Appends one record. */
    public void write(Event event) throws IOException {
        byte[] record = TfRecord.frame(event.toByteArray());
        synchronized (lock) {
            checkOpen();
            out.write(record);
            if (flusher == null) {
                out.flush();
            }
        }
    }

    /** Pushes buffered records to the file (to the operating system). */
    public void flush() throws IOException {
        synchronized (lock) {
            checkOpen();
            out.flush();
        }
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    /** Flushes, forces the file to disk and closes it. Idempotent. */
    @Override
    public void close() throws IOException {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.flush();
                channel.force(true);
            } finally {
                out.close();
            }
        }
    }

    private void backgroundFlush() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                out.flush();
            } catch (IOException e) {
                if (backgroundFailure == null) {
                    backgroundFailure = e;
                    LOG.log(System.Logger.Level.WARNING, "flushing event file " + file + " failed", e);
                }
            }
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("event file " + file + " is closed");
        }
        if (backgroundFailure != null) {
            throw new IOException("an earlier flush of event file " + file + " failed", backgroundFailure);
        }
    }
}
