package io.jyolo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lock inside one process; {@code cli.RunLockCliTest} holds it from a second process. */
class RunLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondWriterIsToldTheHoldersPidAndHost() throws Exception {
        Path run = dir.resolve("run");
        RunLock.Holder self = RunLock.Holder.self();
        try (RunLock first = RunLock.acquire(run)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunLock.acquire(run));
            assertTrue(e.getMessage().startsWith(run + " is being trained by this process, pid " + self.pid()
                    + " on host " + self.host() + " (since "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
        }
        try (RunLock again = RunLock.acquire(run)) {
            assertEquals(self.pid(), holderIn(run).pid(), "released on close, taken again");
        }
    }

    @Test
    void aLockLeftByADeadProcessIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunLock.Holder dead = new RunLock.Holder(gone.pid(), RunLock.Holder.self().host(), Instant.EPOCH);
        assertTrue(dead.deadHere());
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(RunLock.FILE), dead.line() + "\n", StandardCharsets.UTF_8);
        try (RunLock lock = RunLock.acquire(run)) {
            RunLock.Holder now = holderIn(run);
            assertEquals(ProcessHandle.current().pid(), now.pid());
            assertTrue(now.since().isAfter(Instant.EPOCH));
        }
    }

    @Test
    void aLiveProcessOrAnotherHostIsNotDead() {
        RunLock.Holder self = RunLock.Holder.self();
        assertTrue(!self.deadHere());
        assertTrue(!new RunLock.Holder(Long.MAX_VALUE, self.host() + "-elsewhere", Instant.EPOCH).deadHere());
        assertTrue(new RunLock.Holder(Long.MAX_VALUE, self.host(), Instant.EPOCH).deadHere());
    }

    private static RunLock.Holder holderIn(Path run) throws Exception {
        return RunLock.Holder.parse(Files.readString(run.resolve(RunLock.FILE), StandardCharsets.UTF_8)).orElseThrow();
    }
}
