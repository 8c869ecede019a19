package io.jyolo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;

/** Test helper: how a 4-d array lies in memory, which DJL does not say. */
public final class MemoryOrder {

    private MemoryOrder() {
    }

    /**
     * Whether {@code array} (4-d) lies in memory as N x H x W x C: its NHWC view is then contiguous, so the
     * direct buffer DJL hands out for that view is the array's own memory (for any other order DJL copies),
     * and a value written into it shows in the array. Works on a copy in the same order ({@code duplicate}
     * keeps it), leaving {@code array} as it is.
     */
    public static boolean isChannelsLast(NDArray array) {
        try (NDManager scratch = array.getManager().newSubManager()) {
            NDArray copy = array.duplicate();
            copy.attach(scratch);
            float marker = copy.transpose(0, 2, 3, 1).toFloatArray()[0] + 1f;
            ByteBuffer memory = copy.transpose(0, 2, 3, 1).toByteBuffer(true);
            memory.putFloat(0, marker);
            return copy.transpose(0, 2, 3, 1).toFloatArray()[0] == marker;
        }
    }
}
