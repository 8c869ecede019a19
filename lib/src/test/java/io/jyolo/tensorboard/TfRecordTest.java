package io.jyolo.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.tensorboard.proto.Event;
import io.jyolo.tensorboard.proto.SessionLog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordTest {

    @TempDir
    Path dir;

    @Test
    void crc32cOfThirtyTwoZeroBytesMatchesTheKnownVector() {
        assertEquals(0x8a9136aa, TfRecord.crc32c(new byte[32], 0, 32));
    }

    @Test
    void maskedCrcMatchesTensorFlowsTestVector() {
        byte[] bytes = "\u001a\u0011CRC test, one two".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(0x5794d08a, TfRecord.maskedCrc32c(bytes));
    }

    @Test
    void firstRecordIsFramedByteForByteAsTensorBoardFramesIt() throws Exception {
        Instant t = Instant.ofEpochSecond(1_700_000_000L, 250_000_000);
        Path file;
        try (SummaryWriter w = SummaryWriter.builder(dir).clock(Clock.fixed(t, ZoneOffset.UTC)).build()) {
            file = w.file();
        }
        // Event{wall_time = 1700000000.25, file_version = "brain.Event:2"} encoded by hand
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        event.write(0x09); // field 1, wire type 1 (64-bit)
        event.writeBytes(le64(Double.doubleToLongBits(1_700_000_000.25)));
        event.write(0x1a); // field 3, wire type 2 (length-delimited)
        event.write(13);
        event.writeBytes("brain.Event:2".getBytes(StandardCharsets.US_ASCII));
        byte[] data = event.toByteArray();
        assertEquals(24, data.length);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[] length = le64(data.length);
        expected.writeBytes(length);
        expected.writeBytes(le32(independentMaskedCrc(length)));
        expected.writeBytes(data);
        expected.writeBytes(le32(independentMaskedCrc(data)));

        byte[] actual = Files.readAllBytes(file);
        assertArrayEquals(expected.toByteArray(), actual);
        assertTrue(file.getFileName().toString().matches(
                "events\\.out\\.tfevents\\.1700000000\\.[A-Za-z0-9._-]+\\." + ProcessHandle.current().pid() + "\\.\\d+"),
                file.getFileName().toString());
    }

    @Test
    void startStepIsTheFirstEventAfterFileVersion() throws Exception {
        try (SummaryWriter w = SummaryWriter.builder(dir).startAtStep(201).build()) {
            w.scalar("a", 201, 1);
            w.close();
            List<EventRecord> records = EventFileReader.readAll(w.file()).records();
            assertEquals(3, records.size());
            assertEquals("brain.Event:2", records.get(0).event().getFileVersion());
            Event start = records.get(1).event();
            assertEquals(201, start.getStep());
            assertEquals(SessionLog.SessionStatus.START, start.getSessionLog().getStatus());
            assertTrue(records.get(2).event().hasSummary());
        }
    }

    @Test
    void truncatedLastRecordIsToleratedAndReported() throws Exception {
        Path file;
        try (SummaryWriter w = SummaryWriter.open(dir)) {
            for (int step = 1; step <= 3; step++) {
                w.scalar("loss", step, step);
            }
            file = w.file();
        }
        byte[] whole = Files.readAllBytes(file);
        long lastStart = EventFileReader.readAll(file).records().get(3).offset();
        Files.write(file, Arrays.copyOf(whole, whole.length - 5)); // crash in the middle of the last record

        EventFileReader.Contents contents = EventFileReader.readAll(file);
        assertEquals(3, contents.records().size());
        Truncation t = contents.truncation().orElseThrow();
        assertEquals(lastStart, t.offset());
        assertEquals(whole.length - 5 - lastStart, t.danglingBytes());
        assertTrue(t.toString().contains(file.toString()), t.toString());

        EventLog log = EventLog.read(dir);
        assertEquals(List.of(1L, 2L), log.scalars("loss").stream().map(ScalarPoint::step).toList());
        assertEquals(1, log.truncations().size());
    }

    @Test
    void corruptRecordFailsNamingFileAndOffset() throws Exception {
        Path file;
        try (SummaryWriter w = SummaryWriter.open(dir)) {
            w.scalar("loss", 1, 0.5);
            w.scalar("loss", 2, 0.25);
            file = w.file();
        }
        List<EventRecord> records = EventFileReader.readAll(file).records();
        long second = records.get(1).offset();
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) second + TfRecord.HEADER_BYTES + 3] ^= 0x40; // flip a bit inside the data of record 2
        Files.write(file, bytes);

        CorruptEventFileException e = assertThrows(CorruptEventFileException.class, () -> EventLog.read(dir));
        assertEquals(file, e.file());
        assertEquals(second, e.offset());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("offset " + second),
                e.getMessage());

        bytes[(int) second + TfRecord.HEADER_BYTES + 3] ^= 0x40;
        bytes[(int) second + 2] ^= 0x01; // now damage the length of the same record
        Files.write(file, bytes);
        e = assertThrows(CorruptEventFileException.class, () -> EventFileReader.readAll(file));
        assertEquals(second, e.offset());
        assertTrue(e.getMessage().contains("length checksum"), e.getMessage());
    }

    @Test
    void writersOnOneDirectoryGetDistinctNamesInCreationOrder() throws Exception {
        Clock frozen = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        List<Path> created = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            try (SummaryWriter w = SummaryWriter.builder(dir).clock(frozen).flushInterval(Duration.ZERO).build()) {
                w.scalar("order", i, i);
                created.add(w.file());
            }
        }
        assertEquals(created, EventFileNames.list(dir));
        assertEquals(12, created.stream().distinct().count());
        // TensorBoard reads files in name order: the last written value must come from the last file
        assertEquals(11.0, EventLog.read(dir).scalars("order").get(11).value());
    }

    private static int independentMaskedCrc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
