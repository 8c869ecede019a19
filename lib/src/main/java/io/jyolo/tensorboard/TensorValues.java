package io.jyolo.tensorboard;

import io.jyolo.tensorboard.proto.TensorProto;
import io.jyolo.tensorboard.proto.TensorShapeProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Reads the numbers and strings out of a {@link TensorProto}, the container newer TensorBoard
 * writers (TF2, tensorboard.summary) put scalars, histograms, images and text in.
 */
final class TensorValues {

    private TensorValues() {
    }

    /** Number of elements the shape declares (1 for a scalar). */
    static long elementCount(TensorProto t) {
        long n = 1;
        for (TensorShapeProto.Dim d : t.getTensorShape().getDimList()) {
            n *= d.getSize();
        }
        return n;
    }

    /** The shape as sizes. */
    static long[] shape(TensorProto t) {
        return t.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    }

    /** All elements of a numeric tensor as doubles, in row-major order. */
    static double[] numbers(TensorProto t) {
        int n = Math.toIntExact(elementCount(t));
        ByteBuffer raw = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean packed = raw.remaining() > 0;
        double[] out = new double[n];
        switch (t.getDtype()) {
            case DT_FLOAT -> fill(out, packed ? null : t.getFloatValList(), raw, 4, b -> b.getFloat());
            case DT_DOUBLE -> fill(out, packed ? null : t.getDoubleValList(), raw, 8, ByteBuffer::getDouble);
            case DT_INT32 -> fill(out, packed ? null : t.getIntValList(), raw, 4, b -> b.getInt());
            case DT_INT64 -> fill(out, packed ? null : t.getInt64ValList(), raw, 8, b -> b.getLong());
            case DT_HALF -> fill(out, packed ? null : halfValues(t.getHalfValList()), raw, 2,
                    b -> halfToFloat(b.getShort()));
            default -> throw new IllegalArgumentException("tensor of type " + t.getDtype() + " is not numeric");
        }
        return out;
    }

    /** All elements of a string tensor. */
    static List<byte[]> strings(TensorProto t) {
        if (t.getDtype() != io.jyolo.tensorboard.proto.DataType.DT_STRING) {
            throw new IllegalArgumentException("tensor of type " + t.getDtype() + " is not a string tensor");
        }
        return t.getStringValList().stream().map(com.google.protobuf.ByteString::toByteArray).toList();
    }

    private interface Element {
        double read(ByteBuffer b);
    }

    private static void fill(double[] out, List<? extends Number> typed, ByteBuffer raw, int width, Element element) {
        if (typed == null) {
            if (raw.remaining() != (long) out.length * width) {
                throw new IllegalArgumentException("tensor content has " + raw.remaining() + " bytes for "
                        + out.length + " elements of " + width + " bytes");
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = element.read(raw);
            }
            return;
        }
        if (typed.isEmpty()) {
            if (out.length > 0) {
                throw new IllegalArgumentException("tensor holds no values for " + out.length + " elements");
            }
            return;
        }
        // TensorFlow repeats the last listed value to fill the shape
        for (int i = 0; i < out.length; i++) {
            out[i] = typed.get(Math.min(i, typed.size() - 1)).doubleValue();
        }
    }

    private static List<Float> halfValues(List<Integer> bits) {
        return bits.stream().map(b -> halfToFloat((short) (int) b)).toList();
    }

    /** IEEE 754 binary16 to float. */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
