package io.jyolo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import io.jyolo.engine.Engines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictLoadTest {

    private static final float[] WEIGHT = {1, 2, 3, 4, 5, 6};
    private static final float[] BIAS = {-1, -2};

    @TempDir
    Path dir;

    private NDManager manager;
    private Map<String, Parameter> parameters;

    @BeforeEach
    void layer() {
        Engines.get();
        manager = NDManager.newBaseManager();
        Linear fc = Linear.builder().setUnits(2).build();
        fc.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        parameters = new LinkedHashMap<>();
        parameters.put("fc.weight", fc.getParameters().get("weight"));
        parameters.put("fc.bias", fc.getParameters().get("bias"));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private float[] values(String name) {
        return parameters.get(name).getArray().toFloatArray();
    }

    @Test
    void loadsByNameAndIgnoresWhatTheCallerIgnores() throws IOException {
        Path file = new SafetensorsWriter()
                .f32("fc.bias", new long[] {2}, BIAS)
                .raw("bn.num_batches_tracked", "I64", new long[] {}, new byte[8])
                .f32("fc.weight", new long[] {2, 3}, WEIGHT)
                .write(dir.resolve("fc.safetensors"));

        StateDictLoad load = StateDictLoad.load(SafetensorsFile.open(file), parameters,
                name -> name.endsWith("num_batches_tracked"));

        assertArrayEquals(WEIGHT, values("fc.weight"));
        assertArrayEquals(BIAS, values("fc.bias"));
        assertEquals(List.of("fc.weight", "fc.bias"), load.loaded());
        assertEquals(List.of("bn.num_batches_tracked"), load.ignored());
    }

    @Test
    void missingExtraAndMisShapedTensorsAreRefusedBeforeAnythingIsWritten() throws IOException {
        float[] before = values("fc.weight");
        Path missing = new SafetensorsWriter().f32("fc.weight", new long[] {2, 3}, WEIGHT)
                .write(dir.resolve("missing.safetensors"));
        assertEquals(missing + ": has no tensor 'fc.bias' (2)", assertThrows(WeightsFormatException.class,
                () -> StateDictLoad.load(SafetensorsFile.open(missing), parameters, name -> false)).getMessage());

        Path extra = new SafetensorsWriter().f32("fc.weight", new long[] {2, 3}, WEIGHT)
                .f32("fc.bias", new long[] {2}, BIAS)
                .f32("head.weight", new long[] {1}, new float[1])
                .f32("head.bias", new long[] {1}, new float[1])
                .write(dir.resolve("extra.safetensors"));
        assertEquals(extra + ": tensor 'head.weight' (1) matches no parameter of the network (2 such tensors in all)",
                assertThrows(WeightsFormatException.class,
                        () -> StateDictLoad.load(SafetensorsFile.open(extra), parameters, name -> false)).getMessage());

        Path shape = new SafetensorsWriter().f32("fc.weight", new long[] {3, 2}, WEIGHT)
                .f32("fc.bias", new long[] {2}, BIAS)
                .write(dir.resolve("shape.safetensors"));
        assertEquals(shape + ": tensor 'fc.weight' is 3x2 but the network's parameter is 2x3",
                assertThrows(WeightsFormatException.class,
                        () -> StateDictLoad.load(SafetensorsFile.open(shape), parameters, name -> false)).getMessage());

        assertArrayEquals(before, values("fc.weight"), "a refused file wrote nothing");
    }
}
