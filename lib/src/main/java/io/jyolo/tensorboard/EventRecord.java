package io.jyolo.tensorboard;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jyolo.tensorboard.proto.Event;
import java.nio.file.Path;

/**
 * One checksum-verified record of an event file, kept as raw bytes so a rewrite (the resume purge)
 * copies it unchanged, fields unknown to jyolo included.
 *
 * @param file   the event file it came from
 * @param offset byte offset of the record's frame in that file
 * @param data   the serialized {@link Event}
 */
public record EventRecord(Path file, long offset, byte[] data) {

    /** The record parsed as an {@link Event}. */
    public Event event() throws CorruptEventFileException {
        try {
            return Event.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptEventFileException(file, offset, "record checksums match but the data is not an Event ("
                    + e.getMessage() + ")", e);
        }
    }
}
