package io.jyolo.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for the long-running commands ({@code train}, {@code resume}, {@code detect}): the JVM
 * shutdown that Ctrl-C starts interrupts the working thread and waits until the work has ended
 * cleanly (a checkpoint saved, a video file closed), so the process never exits half-way through
 * writing a file. The training loop and the video loop already stop at an interrupt; this class
 * only turns Ctrl-C into one.
 *
 * <p>The hook waits on a latch that the work releases when it returns, not on the thread's end:
 * the working thread is the main thread, which goes on to call {@code System.exit} and so never
 * ends while a shutdown is in progress, and waiting for it would hold every Ctrl-C for the whole
 * grace period.
 */
final class StopOnCtrlC {

    private final Thread worker;
    private final String notice;
    private final Duration grace;
    private final PrintStream err;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** The shutdown hook; package-private so a test can run it without shutting the JVM down. */
    final Thread hook = new Thread(this::stop, "jyolo-ctrl-c");

    StopOnCtrlC(Thread worker, String notice, Duration grace, PrintStream err) {
        this.worker = worker;
        this.notice = notice;
        this.grace = grace;
        this.err = err;
    }

    /**
     * Calls {@code work} on this thread; Ctrl-C meanwhile prints {@code notice}, interrupts it and
     * waits up to {@code grace} for it to return.
     */
    static <T> T run(String notice, Duration grace, Callable<T> work) throws Exception {
        return new StopOnCtrlC(Thread.currentThread(), notice, grace, System.err).call(work);
    }

    /** Calls {@code work} (on the worker thread) with the hook registered, and removes it afterwards. */
    <T> T call(Callable<T> work) throws Exception {
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return work.call();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting because of Ctrl-C: the hook was released by the countDown above
            }
        }
    }

    private void stop() {
        if (finished.getCount() == 0) {
            return;
        }
        err.println(System.lineSeparator() + notice);
        worker.interrupt();
        try {
            finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
