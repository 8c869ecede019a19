package io.jyolo.tensorboard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Operations on a run's event files as a whole; today the resume purge.
 *
 * <p>The PyTorch original resumed from the checkpoint of epoch 200 after a stop at epoch 233 and
 * TensorBoard then showed epochs 201..233 twice. {@link #purgeAfter} keeps the event log in step
 * with the checkpoint by deleting what was logged after it.
 */
public final class EventLogs {

    private static final System.Logger LOG = System.getLogger(EventLogs.class.getName());

    private EventLogs() {
    }

    /**
     * Rewrites the event files directly in {@code runDir}, dropping every record whose step is
     * greater than {@code lastKeptStep} (records without a step, such as file_version, have step 0).
     * Each changed file is replaced atomically by a purged copy written next to it; a file left
     * with no record is deleted. Incomplete last records (a crash mid-write) are dropped too.
     *
     * <p>All files are verified before any is changed, so a corrupt file aborts the purge with
     * nothing modified. Close writers on the run first; TensorBoard may keep running (a resumed
     * writer's SessionLog START also tells it to discard the purged steps). A missing directory is
     * an empty run: nothing to purge.
     */
    public static PurgeReport purgeAfter(Path runDir, long lastKeptStep) throws IOException {
        if (!Files.exists(runDir)) {
            return new PurgeReport(runDir, lastKeptStep, 0, 0, 0, 0, List.of());
        }
        List<Path> files = EventFileNames.list(runDir);
        List<Path> toRewrite = new ArrayList<>();
        List<Truncation> truncations = new ArrayList<>();
        long kept = 0;
        long dropped = 0;
        for (Path file : files) {
            long fileDropped = 0;
            try (EventFileReader reader = EventFileReader.open(file)) {
                for (Optional<EventRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                    if (r.get().event().getStep() > lastKeptStep) {
                        fileDropped++;
                    } else {
                        kept++;
                    }
                }
                reader.truncation().ifPresent(truncations::add);
                if (fileDropped > 0 || reader.truncation().isPresent()) {
                    toRewrite.add(file);
                }
            }
            dropped += fileDropped;
        }
        for (Path file : toRewrite) {
            rewrite(file, lastKeptStep);
        }
        PurgeReport report = new PurgeReport(runDir, lastKeptStep, files.size(), toRewrite.size(), kept, dropped,
                truncations);
        LOG.log(System.Logger.Level.INFO, () -> "purged " + runDir + " after step " + lastKeptStep + ": "
                + report.recordsDropped() + " record(s) dropped, " + report.filesRewritten() + " of "
                + report.filesScanned() + " file(s) rewritten");
        return report;
    }

    private static void rewrite(Path file, long lastKeptStep) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        // no "tfevents" in the temporary name, so TensorBoard never reads the half-written copy
        Path tmp = Files.createTempFile(dir, ".jyolo-purge-", ".tmp");
        long written = 0;
        try {
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                    EventFileReader reader = EventFileReader.open(file)) {
                for (Optional<EventRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                    if (r.get().event().getStep() <= lastKeptStep) {
                        out.write(TfRecord.frame(r.get().data()));
                        written++;
                    }
                }
                out.flush();
                channel.force(true);
            }
            if (written == 0) {
                Files.delete(file);
                Files.delete(tmp);
            } else {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
