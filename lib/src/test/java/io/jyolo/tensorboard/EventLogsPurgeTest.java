package io.jyolo.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.tensorboard.proto.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogsPurgeTest {

    @TempDir
    Path run;

    @Test
    void purgeDropsEveryRecordAfterTheCheckpointAndNothingElse() throws Exception {
        ResumeScenario.firstRun(run);
        Path file = EventFileNames.list(run).get(0);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        List<EventRecord> before = EventFileReader.readAll(file).records();

        PurgeReport report = EventLogs.purgeAfter(run, ResumeScenario.CHECKPOINT);

        List<EventRecord> after = EventFileReader.readAll(file).records();
        List<byte[]> expected = new ArrayList<>();
        for (EventRecord r : before) {
            if (r.event().getStep() <= ResumeScenario.CHECKPOINT) {
                expected.add(r.data());
            }
        }
        assertEquals(expected.size(), after.size());
        for (int i = 0; i < after.size(); i++) {
            assertArrayEquals(expected.get(i), after.get(i).data(), "record " + i + " copied unchanged");
        }
        assertEquals(1, report.filesScanned());
        assertEquals(1, report.filesRewritten());
        assertEquals(after.size(), report.recordsKept());
        assertEquals(before.size() - after.size(), report.recordsDropped());
        assertEquals(3 * 33, report.recordsDropped()); // three scalars for each of 201..233
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> left = Files.list(run)) {
            assertEquals(List.of(file), left.toList(), "no temporary file left behind");
        }
        // idempotent: nothing more to drop, the file is not touched again
        assertEquals(0, EventLogs.purgeAfter(run, ResumeScenario.CHECKPOINT).filesRewritten());
    }

    @Test
    void resumedRunReadsAsOneValuePerStepWithTheResumedValues() throws Exception {
        ResumeScenario.firstRun(run);
        ResumeScenario.fixedResume(run);

        List<Path> files = EventFileNames.list(run);
        assertEquals(2, files.size());
        long maxOldStep = 0;
        for (EventRecord r : EventFileReader.readAll(files.get(0)).records()) {
            maxOldStep = Math.max(maxOldStep, r.event().getStep());
        }
        assertEquals(ResumeScenario.CHECKPOINT, maxOldStep);
        Event start = EventFileReader.readAll(files.get(1)).records().get(1).event();
        assertEquals(ResumeScenario.CHECKPOINT + 1, start.getStep());
        assertTrue(start.hasSessionLog());

        List<ScalarPoint> loss = EventLog.read(run).scalars(ResumeScenario.LOSS);
        assertEquals(ResumeScenario.RESUMED_UNTIL, loss.size());
        for (int epoch = 1; epoch <= ResumeScenario.RESUMED_UNTIL; epoch++) {
            ScalarPoint p = loss.get(epoch - 1);
            assertEquals(epoch, p.step());
            float expected = epoch <= ResumeScenario.CHECKPOINT ? ResumeScenario.firstRunLoss(epoch)
                    : ResumeScenario.resumedLoss(epoch);
            assertEquals(expected, (float) p.value(), "epoch " + epoch);
        }
        // a tag the resumed code no longer logs keeps only what the checkpoint covers
        assertEquals(ResumeScenario.CHECKPOINT, EventLog.read(run).scalars(ResumeScenario.MISSPELT).size());
        List<HistogramPoint> hist = EventLog.read(run).histograms("conv1.weight_data");
        assertEquals(List.of(50L, 100L, 150L, 200L), hist.stream().map(HistogramPoint::step).toList());
    }

    @Test
    void corruptFileAbortsThePurgeBeforeAnyChange() throws Exception {
        ResumeScenario.firstRun(run);
        Path first = EventFileNames.list(run).get(0);
        try (SummaryWriter w = SummaryWriter.open(run)) {
            w.scalar("x", 300, 1);
        }
        Path second = EventFileNames.list(run).get(1);
        byte[] bytes = Files.readAllBytes(second);
        bytes[bytes.length - 1] ^= 1; // damage the data checksum of the last record
        Files.write(second, bytes);
        byte[] firstBefore = Files.readAllBytes(first);

        CorruptEventFileException e = assertThrows(CorruptEventFileException.class,
                () -> EventLogs.purgeAfter(run, 100));
        assertEquals(second, e.file());
        assertArrayEquals(firstBefore, Files.readAllBytes(first), "first file untouched");
    }

    @Test
    void truncatedTailIsDroppedByThePurge() throws Exception {
        Path file;
        try (SummaryWriter w = SummaryWriter.open(run)) {
            w.scalar("x", 1, 1);
            w.scalar("x", 2, 2);
            file = w.file();
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        PurgeReport report = EventLogs.purgeAfter(run, 10);
        assertEquals(1, report.truncations().size());
        assertEquals(1, report.filesRewritten());
        assertTrue(EventFileReader.readAll(file).truncation().isEmpty());
        assertEquals(1, EventLog.read(run).scalars("x").size());
    }

    @Test
    void missingRunDirectoryIsAnEmptyRun() throws Exception {
        PurgeReport report = EventLogs.purgeAfter(run.resolve("never-logged"), 5);
        assertEquals(0, report.filesScanned());
        try (SummaryWriter w = SummaryWriter.resume(run.resolve("never-logged"), 5)) {
            w.scalar("x", 6, 1);
        }
        assertEquals(6, EventLog.read(run.resolve("never-logged")).scalars("x").get(0).step());
    }
}
