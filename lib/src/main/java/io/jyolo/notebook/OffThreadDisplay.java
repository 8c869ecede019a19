package io.jyolo.notebook;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A {@link LiveDisplay} whose updates are sent by a daemon thread of its own, newest value wins.
 *
 * <p>Long cells (training, video) update their display from the working thread, which the
 * notebook's interrupt button interrupts; that thread must never be inside the kernel's
 * messaging code when the interrupt arrives. It also keeps slow rendering (PNG encoding) out of
 * the working loop: values posted faster than they are sent are coalesced.
 */
final class OffThreadDisplay implements AutoCloseable {

    private final ExecutorService painter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jyolo-notebook-display");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Object> pending = new AtomicReference<>();
    private final LiveDisplay display;

    /** Shows {@code initial} now (on the calling thread, so it lands in the running cell's output). */
    OffThreadDisplay(Object initial, Function<Object, LiveDisplay> opener) {
        this.display = opener.apply(initial);
    }

    /** Sends {@code value} soon, replacing any value not sent yet. */
    void post(Object value) {
        if (pending.getAndSet(value) == null) {
            try {
                painter.execute(this::paint);
            } catch (RejectedExecutionException e) {
                pending.set(null);
            }
        }
    }

    private void paint() {
        Object v = pending.getAndSet(null);
        if (v != null) {
            try {
                display.update(v);
            } catch (RuntimeException e) {
                System.err.println("display update failed: " + e);
            }
        }
    }

    /** Sends {@code last}, waits until it is sent (up to 20 s), and stops the thread. */
    void finish(Object last) {
        post(last);
        close();
    }

    /** Waits for pending values (up to 20 s), then stops; a pending interrupt is kept for the caller. */
    @Override
    public void close() {
        painter.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                painter.awaitTermination(20, TimeUnit.SECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
