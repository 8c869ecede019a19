package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The Ctrl-C hook of train, resume and detect, run directly instead of by a JVM shutdown. */
class StopOnCtrlCTest {

    @Test
    void ctrlCInterruptsTheWorkAndWaitsUntilItHasFinishedCleanly() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        AtomicReference<String> result = new AtomicReference<>();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicReference<StopOnCtrlC> stop = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                result.set(stop.get().call(() -> {
                    started.countDown();
                    try {
                        Thread.sleep(60_000);
                        return "ran to the end";
                    } catch (InterruptedException e) {
                        Thread.sleep(300); // cleaning up after the interrupt, e.g. writing a checkpoint
                        cleanedUp.set(true);
                        return "stopped";
                    }
                }));
            } catch (Exception e) {
                result.set(e.toString());
            }
        });
        stop.set(new StopOnCtrlC(worker, "stopping...", Duration.ofSeconds(30),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        worker.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));

        stop.get().hook.run(); // what Ctrl-C runs

        assertTrue(cleanedUp.get(), "the hook returned before the work had cleaned up");
        worker.join(10_000);
        assertEquals("stopped", result.get());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("stopping..."));
        assertFalse(Runtime.getRuntime().removeShutdownHook(stop.get().hook), "the hook stayed registered");
    }

    @Test
    void afterTheWorkHasReturnedTheHookDoesNothing() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StopOnCtrlC stop = new StopOnCtrlC(Thread.currentThread(), "stopping...", Duration.ofSeconds(30),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(42, stop.call(() -> 42));

        stop.hook.run();

        assertFalse(Thread.interrupted(), "a finished command was interrupted");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertFalse(Runtime.getRuntime().removeShutdownHook(stop.hook));
    }

    @Test
    void theHookGivesUpAfterTheGracePeriod() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<StopOnCtrlC> stop = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                stop.get().call(() -> {
                    while (release.getCount() > 0) { // ignores interrupts, as a stuck native call would
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                        Thread.interrupted();
                    }
                    return null;
                });
            } catch (Exception ignored) {
                // nothing to report: the test only times the hook
            }
        });
        stop.set(new StopOnCtrlC(worker, "stopping...", Duration.ofMillis(200), new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        worker.start();
        while (worker.getState() == Thread.State.NEW) {
            Thread.onSpinWait();
        }
        Thread.sleep(50);
        long start = System.nanoTime();
        stop.get().hook.run();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        release.countDown();
        worker.join(10_000);
        assertTrue(waited >= 150 && waited < 10_000, "waited " + waited + " ms");
    }
}
