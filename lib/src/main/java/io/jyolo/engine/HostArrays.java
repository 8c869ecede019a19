package io.jyolo.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteOrder;

/**
 * NDArrays made from Java floats (a batch of images, its targets) by one copy straight into the
 * tensor's own memory.
 *
 * <p>Why not {@code manager.create(float[])}: DJL first allocates a direct {@code ByteBuffer} (which
 * Java zeroes), copies the floats into it and makes it the tensor's storage. That is two passes over
 * a 19 MB batch of 448 images instead of one, on the training thread, every step; and such a
 * buffer's native memory goes only when the garbage collector finds its Java object, so a loop that
 * makes them has to request collections ({@link DirectMemory}). Here libtorch allocates the tensor
 * uninitialised, the floats are copied in through a direct view of its memory, and closing the array
 * frees it like any other tensor.
 *
 * <p>On a GPU, or with another engine, the array is made DJL's way (and counted by
 * {@link DirectMemory}).
 */
public final class HostArrays {

    private HostArrays() {
    }

    /** A float32 array of {@code shape} in {@code manager} holding {@code data} (copied). */
    public static NDArray floats(NDManager manager, float[] data, Shape shape) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException(data.length + " floats cannot fill an array of shape " + shape);
        }
        if (!(manager instanceof PtNDManager pt) || !Device.Type.CPU.equals(manager.getDevice().getDeviceType())) {
            DirectMemory.allocated(4L * data.length);
            return manager.create(data, shape);
        }
        PtNDArray array = JniUtils.createEmptyNdArray(pt, shape, DataType.FLOAT32, manager.getDevice(),
                SparseFormat.DENSE);
        JniUtils.getByteBuffer(array, true).order(ByteOrder.nativeOrder()).asFloatBuffer().put(data);
        return array;
    }
}
