package io.jyolo.tensorboard;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the records of one event file (jyolo's or TensorBoard's), verifying both checksums of
 * every record.
 *
 * <p>A bad checksum is an error ({@link CorruptEventFileException} naming file and offset). An
 * incomplete last record is what a crash during a write leaves: it ends the iteration quietly and
 * is reported through {@link #truncation()}.
 */
public final class EventFileReader implements Closeable {

    /** Everything one file holds. */
    public record Contents(Path file, List<EventRecord> records, Optional<Truncation> truncation) {
    }

    private final Path file;
    private final InputStream in;
    private long offset;
    private Truncation truncation;
    private boolean done;

    private EventFileReader(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    /** Opens a file for reading from its first record. */
    public static EventFileReader open(Path file) throws IOException {
        return new EventFileReader(file, new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    /** Reads a whole file. */
    public static Contents readAll(Path file) throws IOException {
        try (EventFileReader reader = open(file)) {
            List<EventRecord> records = new ArrayList<>();
            for (Optional<EventRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                records.add(r.get());
            }
            return new Contents(file, List.copyOf(records), reader.truncation());
        }
    }

    /** The next verified record, or empty at the end of the file (clean or truncated). */
    public Optional<EventRecord> next() throws IOException {
        if (done) {
            return Optional.empty();
        }
        long start = offset;
        byte[] header = new byte[TfRecord.HEADER_BYTES];
        int got = readFully(header);
        if (got == 0) {
            return finish(null);
        }
        if (got < header.length) {
            return finish(new Truncation(file, start, got));
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        long length = h.getLong(0);
        int lengthCrc = h.getInt(8);
        if (lengthCrc != TfRecord.maskedCrc32c(header, 0, 8)) {
            throw corrupt(start, "length checksum mismatch (not an event file, or damaged)");
        }
        if (length < 0 || length > Integer.MAX_VALUE - 64) {
            throw corrupt(start, "record length " + Long.toUnsignedString(length) + " is too large");
        }
        byte[] data = new byte[(int) length];
        got = readFully(data);
        if (got < data.length) {
            return finish(new Truncation(file, start, header.length + got));
        }
        byte[] footer = new byte[TfRecord.FOOTER_BYTES];
        got = readFully(footer);
        if (got < footer.length) {
            return finish(new Truncation(file, start, header.length + data.length + got));
        }
        int dataCrc = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (dataCrc != TfRecord.maskedCrc32c(data)) {
            throw corrupt(start, "data checksum mismatch in a record of " + length + " bytes");
        }
        return Optional.of(new EventRecord(file, start, data));
    }

    /** The incomplete last record, once {@link #next()} has returned empty because of it. */
    public Optional<Truncation> truncation() {
        return Optional.ofNullable(truncation);
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private Optional<EventRecord> finish(Truncation t) {
        done = true;
        truncation = t;
        return Optional.empty();
    }

    private CorruptEventFileException corrupt(long at, String problem) {
        done = true;
        return new CorruptEventFileException(file, at, problem);
    }

    private int readFully(byte[] buffer) throws IOException {
        int n = in.readNBytes(buffer, 0, buffer.length);
        offset += n;
        return n;
    }
}
