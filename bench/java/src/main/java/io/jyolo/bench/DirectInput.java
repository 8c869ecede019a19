package io.jyolo.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns a float[] batch into an NDArray through one reused direct buffer.
 *
 * <p>{@code manager.create(float[], shape)} copies the floats into a fresh direct ByteBuffer on
 * every call; that native memory is only returned when the garbage collector finds the buffer
 * object, and with a nearly idle Java heap it hardly ever runs, so the process grows by one batch
 * per step (measured: +75 % RSS over 500 steps). Handing DJL a direct ByteBuffer skips that copy;
 * reusing it is safe because each step's arrays are closed (with the step's sub-manager) before the
 * next step writes into it.
 */
final class DirectInput {

    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    /** An NDArray in {@code manager} holding {@code src[0 .. shape.size())}. */
    NDArray create(NDManager manager, float[] src, Shape shape) {
        int n = Math.toIntExact(shape.size());
        if (buffer.capacity() < 4 * n) {
            buffer = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
        }
        ByteBuffer view = buffer.duplicate().order(ByteOrder.nativeOrder());
        view.clear();
        view.asFloatBuffer().put(src, 0, n);
        view.limit(4 * n);
        return manager.create(view, shape, DataType.FLOAT32);
    }
}
