package io.jyolo.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the native memory of input arrays from piling up between garbage collections.
 *
 * <p>Every NDArray DJL's {@code create} makes from Java data copies it into a direct
 * {@code ByteBuffer} that the array keeps (jyolo's batches avoid that on the CPU: {@link HostArrays});
 * closing the array frees the tensor but not that buffer, which goes only when the garbage
 * collector finds its Java object. A training loop allocates almost nothing on the Java heap, so
 * the collector hardly ever runs and resident memory grows by the size of every batch (and stays
 * flat with this class). Callers report the bytes they hand to DJL; after {@link #THRESHOLD_BYTES}
 * (64 MiB, or {@code -Djyolo.directGcBytes}) a collection is requested: a short pause every few
 * hundred steps.
 */
public final class DirectMemory {

    /** Bytes of input data after which a collection is requested. */
    public static final long THRESHOLD_BYTES = Long.getLong("jyolo.directGcBytes", 64L << 20);
    private static final AtomicLong SINCE_LAST = new AtomicLong();

    private DirectMemory() {
    }

    /** Records that {@code bytes} were copied into direct buffers; collects when the threshold is passed. */
    public static void allocated(long bytes) {
        if (SINCE_LAST.addAndGet(bytes) >= THRESHOLD_BYTES) {
            SINCE_LAST.set(0);
            System.gc();
        }
    }
}
