package io.jyolo.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The one place where the training code copies values from the device to the host, and counts it.
 *
 * <p>Why: a read makes the host wait until the device has computed everything queued before it. On a
 * GPU, one read per step serialises every step (the host cannot queue step k+1 while step k runs), so
 * the training loop reads loss sums only once per progress interval and at the end of an epoch. Going
 * through here makes that countable: {@link #onThisThread()} says how many reads this thread made, so
 * a test can assert that a span of training steps made none. Reads that bypass this class (a direct
 * {@code getFloat()}) are not counted; the training step, the loss and the optimizer make none.
 *
 * <p>The count is per thread, so tests running side by side do not see each other's reads.
 */
public final class HostReads {

    private static final ThreadLocal<long[]> COUNT = ThreadLocal.withInitial(() -> new long[1]);

    private HostReads() {
    }

    /** The values of {@code array} in row-major order as floats: one host synchronisation, counted. */
    public static float[] floats(NDArray array) {
        COUNT.get()[0]++;
        return array.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** Reads this thread has made through {@link #floats} since it started. */
    public static long onThisThread() {
        return COUNT.get()[0];
    }
}
