package io.jyolo.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code .safetensors} file read in pure Java, the format PyTorch users export a
 * {@code state_dict} to ({@code safetensors.torch.save_file}) because, unlike a pickled
 * {@code .pt}, it holds only named arrays and can be read without Python.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length N, N bytes of JSON mapping each tensor
 * name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the data
 * that follows the header; an optional {@code __metadata__} entry holds strings), then the raw
 * little-endian data. Every entry is checked when the file is opened, so a broken file fails at
 * once with one line naming the file and the tensor.
 */
public final class SafetensorsFile {

    /** The format's own limit on the header (100 MB); a larger length means it is not such a file. */
    private static final long MAX_HEADER = 100_000_000L;

    private final String file;
    private final ByteBuffer data;
    private final Map<String, SafeTensor> tensors;

    private SafetensorsFile(String file, ByteBuffer data, Map<String, SafeTensor> tensors) {
        this.file = file;
        this.data = data;
        this.tensors = tensors;
    }

    /** Opens and checks {@code path}; the data is mapped, not read, until asked for. */
    public static SafetensorsFile open(Path path) {
        String file = path.toString();
        ByteBuffer all = MappedFiles.map(path, "safetensors");
        if (all.remaining() < 8) {
            throw new WeightsFormatException(file + ": " + all.remaining() + " bytes is too short for a safetensors"
                    + " file (8-byte header length first)");
        }
        long headerLength = all.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > all.capacity() - 8L) {
            throw new WeightsFormatException(file + ": not a safetensors file (header length " + headerLength
                    + " for a file of " + all.capacity() + " bytes)");
        }
        byte[] json = new byte[(int) headerLength];
        all.get(8, json);
        ByteBuffer data = all.slice(8 + (int) headerLength, all.capacity() - 8 - (int) headerLength)
                .order(ByteOrder.LITTLE_ENDIAN);
        return new SafetensorsFile(file, data, parse(file, new String(json, StandardCharsets.UTF_8), data.capacity()));
    }

    /** The file as given, for messages. */
    public String file() {
        return file;
    }

    /** Every tensor by name, in header order. */
    public Map<String, SafeTensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** The tensor called {@code name}, or a one-line error naming the file. */
    public SafeTensor tensor(String name) {
        SafeTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new WeightsFormatException(file + ": has no tensor '" + name + "'");
        }
        return tensor;
    }

    /** The tensor's values as float32, row-major. */
    public float[] floats(String name) {
        SafeTensor tensor = tensor(name);
        float[] values = new float[Math.toIntExact(tensor.elements())];
        ByteBuffer bytes = data.slice((int) tensor.begin(), (int) (tensor.end() - tensor.begin()))
                .order(ByteOrder.LITTLE_ENDIAN);
        if (tensor.dtype() == SafetensorsDtype.F32) {
            bytes.asFloatBuffer().get(values);
            return values;
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.dtype().read(bytes);
        }
        return values;
    }

    private static Map<String, SafeTensor> parse(String file, String json, long dataBytes) {
        JsonObject header;
        try {
            header = JsonParser.parseString(json).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new WeightsFormatException(file + ": the safetensors header is not a JSON object ("
                    + firstLine(e.getMessage()) + ")");
        }
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
            if (!entry.getKey().equals("__metadata__")) {
                tensors.put(entry.getKey(), entry(file, entry.getKey(), entry.getValue(), dataBytes));
            }
        }
        return tensors;
    }

    private static SafeTensor entry(String file, String name, JsonElement element, long dataBytes) {
        String where = file + ": tensor '" + name + "'";
        try {
            JsonObject object = element.getAsJsonObject();
            String dtypeName = object.get("dtype").getAsString();
            SafetensorsDtype dtype = SafetensorsDtype.parse(dtypeName);
            if (dtype == null) {
                throw new WeightsFormatException(where + " has dtype " + dtypeName + "; jyolo reads F32, F16, BF16,"
                        + " F64, I64 and I32");
            }
            JsonArray dims = object.get("shape").getAsJsonArray();
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i).getAsLong();
                if (shape[i] < 0) {
                    throw new WeightsFormatException(where + " has a negative dimension in its shape " + dims);
                }
            }
            JsonArray offsets = object.get("data_offsets").getAsJsonArray();
            if (offsets.size() != 2) {
                throw new WeightsFormatException(where + " has data_offsets " + offsets + ", not [begin, end]");
            }
            SafeTensor tensor = new SafeTensor(name, dtype, shape, offsets.get(0).getAsLong(),
                    offsets.get(1).getAsLong());
            if (tensor.begin() < 0 || tensor.end() < tensor.begin() || tensor.end() > dataBytes) {
                throw new WeightsFormatException(where + " has data_offsets [" + tensor.begin() + ", " + tensor.end()
                        + "] outside the " + dataBytes + " data bytes (file truncated?)");
            }
            long expected = tensor.elements() * dtype.bytes();
            if (tensor.end() - tensor.begin() != expected) {
                throw new WeightsFormatException(where + " is " + dtype + " " + tensor.shapeText() + " (" + expected
                        + " bytes) but its data_offsets span " + (tensor.end() - tensor.begin()) + " bytes");
            }
            return tensor;
        } catch (NullPointerException | IllegalStateException | UnsupportedOperationException
                 | NumberFormatException e) {
            throw new WeightsFormatException(where + " lacks dtype, shape or data_offsets in the header");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
