package io.jyolo.weights;

import java.nio.ByteBuffer;

/**
 * The element types a {@code .safetensors} file may hold that jyolo reads, each decoded to float32
 * (the type every jyolo parameter has). PyTorch exports float32 by default; half precision (F16)
 * and bfloat16 (BF16) appear in checkpoints saved to halve their size. The integer types are there
 * because a torchvision {@code state_dict} holds BatchNorm's {@code num_batches_tracked} as I64: the
 * file must open even though that counter is not loaded.
 */
public enum SafetensorsDtype {
    F32(4),
    F16(2),
    BF16(2),
    F64(8),
    I64(8),
    I32(4);

    private final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The element at the buffer's position (little-endian), as a float. */
    float read(ByteBuffer buffer) {
        return switch (this) {
            case F32 -> buffer.getFloat();
            case F16 -> halfToFloat(buffer.getShort());
            case BF16 -> Float.intBitsToFloat((buffer.getShort() & 0xffff) << 16);
            case F64 -> (float) buffer.getDouble();
            case I64 -> (float) buffer.getLong();
            case I32 -> (float) buffer.getInt();
        };
    }

    /** The dtype called {@code name} in a safetensors header, or null. */
    static SafetensorsDtype parse(String name) {
        for (SafetensorsDtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        return null;
    }

    /** IEEE 754 binary16 to binary32 (exact: every half is a float). */
    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        if (exponent == 0x1f) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
