package io.jyolo.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.jyolo.model.YoloNetwork;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Writes darknet weight files from a network's parameters, in darknet's order, for the tests. */
final class DarknetFiles {

    private DarknetFiles() {
    }

    /** Gives every parameter of {@code network} distinct random values (variances positive). */
    static void randomise(YoloNetwork network, long seed) {
        Random random = new Random(seed);
        for (Pair<String, Parameter> pair : network.getParameters()) {
            Parameter parameter = pair.getValue();
            float[] values = new float[Math.toIntExact(parameter.getArray().getShape().size())];
            boolean positive = parameter.getType() == Parameter.Type.RUNNING_VAR;
            for (int i = 0; i < values.length; i++) {
                values[i] = positive ? 0.5f + random.nextFloat() : (float) random.nextGaussian();
            }
            ParameterValues.set(parameter, values);
        }
    }

    /**
     * Writes the header ({@code minor >= 2}: 64-bit seen) and, for each of the first
     * {@code convs.size()} backbone units, its values as darknet stores them, then
     * {@code trailing} floats of noise.
     */
    static void write(Path file, int minor, YoloNetwork network, List<DarknetConv> convs, int trailing)
            throws IOException {
        List<BackboneConvolutions.Unit> units = BackboneConvolutions.of(network);
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw, 1 << 16))) {
            ByteBuffer header = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0).putInt(minor).putInt(0);
            if (minor >= 2) {
                header.putLong(123_456_789_012L);
            } else {
                header.putInt(1234);
            }
            out.write(header.array(), 0, header.position());
            for (int i = 0; i < convs.size(); i++) {
                BackboneConvolutions.Unit unit = units.get(i);
                floats(out, unit.beta().getArray());
                if (convs.get(i).batchNorm()) {
                    floats(out, unit.gamma().getArray());
                    floats(out, unit.mean().getArray());
                    floats(out, unit.variance().getArray());
                }
                floats(out, unit.kernel().getArray());
            }
            Random random = new Random(7);
            for (int i = 0; i < trailing; i++) {
                out.writeInt(Integer.reverseBytes(Float.floatToIntBits(random.nextFloat())));
            }
        }
    }

    private static void floats(DataOutputStream out, NDArray array) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(array.size()) * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(array.toFloatArray());
        out.write(bytes.array());
    }
}
