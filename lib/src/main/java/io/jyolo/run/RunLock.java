package io.jyolo.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one writer of a run folder: every command or notebook call that trains into a run holds this
 * lock while it writes checkpoints, history and event files, so two processes never interleave
 * their files.
 *
 * <p>The lock is an OS file lock on {@code train.lock} in the run folder. The OS drops it when its
 * process dies, so a lock left by a killed process (the file still naming it) is simply taken over.
 * The file names the holder (pid, host, since when), so a second writer is told who to stop.
 */
public final class RunLock implements AutoCloseable {

    /** The lock file inside a run folder. */
    public static final String FILE = "train.lock";

    /** Looked up once: the lookup can wait on DNS. */
    private static final String HOST = hostName();

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The process that holds (or last held) a run's lock.
     *
     * @param pid   its process id
     * @param host  the host it runs on
     * @param since when it took the lock
     */
    public record Holder(long pid, String host, Instant since) {

        /** This process, now. */
        public static Holder self() {
            return new Holder(ProcessHandle.current().pid(), HOST, Instant.now());
        }

        /** True for a process on this host that is no longer running. */
        public boolean deadHere() {
            return host.equals(HOST) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }

        String line() {
            return pid + " " + host + " " + since;
        }

        /** Parses {@link #line()}; empty for anything else (a file being written, an old empty lock file). */
        static Optional<Holder> parse(String text) {
            String[] parts = text.trim().split(" ");
            if (parts.length != 3) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Holder(Long.parseLong(parts[0]), parts[1], Instant.parse(parts[2])));
            } catch (NumberFormatException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Takes the lock of {@code runDir}, creating the folder if needed.
     *
     * @throws IllegalStateException naming the holder's pid and host when another writer holds it
     */
    public static RunLock acquire(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path file = runDir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            Optional<Holder> holder = read(channel);
            channel.close();
            throw new IllegalStateException(runDir + " is being trained by " + holder.map(RunLock::describe)
                    .orElse("another process") + ": stop it first, or choose another run name");
        }
        RunLock taken = new RunLock(channel, lock);
        try {
            read(channel).filter(Holder::deadHere).ifPresent(dead -> System.err.println("taking over the lock of "
                    + runDir + " from " + describe(dead) + ", which is no longer running"));
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((Holder.self().line() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            taken.close();
            throw e;
        }
        return taken;
    }

    /** Releases the lock. The file stays (deleting it would race with a writer opening it). */
    @Override
    public void close() throws IOException {
        boolean interrupted = Thread.interrupted(); // a pending interrupt would make release() fail
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Optional<Holder> read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        channel.read(buffer, 0);
        return Holder.parse(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
    }

    private static String describe(Holder h) {
        String who = h.pid() == ProcessHandle.current().pid() && h.host().equals(HOST) ? "this process, " : "";
        return who + "pid " + h.pid() + " on host " + h.host() + " (since " + h.since() + ")";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown-host" : env;
        }
    }
}
