package io.jyolo.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code .safetensors} files as {@code safetensors.torch.save_file} lays them out, so a
 * jyolo network's weights can be read by PyTorch ({@code safetensors.torch.load_file}) and the
 * tests can write the weight files they read back, malformed ones included ({@link #raw}).
 * Holds the data in memory until {@link #write}: meant for networks, not for datasets.
 */
public final class SafetensorsWriter {

    private final JsonObject header = new JsonObject();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    /** Adds a float32 tensor. */
    public SafetensorsWriter f32(String name, long[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return raw(name, "F32", shape, bytes.array());
    }

    /** Adds a 16-bit tensor (F16 or BF16) from its bit patterns. */
    public SafetensorsWriter bits16(String name, String dtype, long[] shape, short[] bits) {
        ByteBuffer bytes = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(bits);
        return raw(name, dtype, shape, bytes.array());
    }

    /** Adds a tensor with whatever dtype, shape and bytes are given, unchecked (tests write broken files with it). */
    public SafetensorsWriter raw(String name, String dtype, long[] shape, byte[] bytes) {
        JsonObject entry = new JsonObject();
        entry.addProperty("dtype", dtype);
        JsonArray dims = new JsonArray();
        for (long dim : shape) {
            dims.add(dim);
        }
        entry.add("shape", dims);
        JsonArray offsets = new JsonArray();
        offsets.add(data.size());
        offsets.add(data.size() + bytes.length);
        entry.add("data_offsets", offsets);
        header.add(name, entry);
        data.writeBytes(bytes);
        return this;
    }

    /** Writes the file: header length, JSON (padded with spaces to 8 bytes, as the format does), data. */
    public Path write(Path file) throws IOException {
        JsonObject metadata = new JsonObject();
        metadata.addProperty("format", "pt");
        JsonObject withMeta = new JsonObject();
        withMeta.add("__metadata__", metadata);
        header.entrySet().forEach(e -> withMeta.add(e.getKey(), e.getValue()));
        StringBuilder json = new StringBuilder(withMeta.toString());
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] jsonBytes = json.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + jsonBytes.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(jsonBytes.length).put(jsonBytes).put(data.toByteArray());
        Files.write(file, out.array());
        return file;
    }
}
