package io.jyolo.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HostArraysTest {

    @BeforeAll
    static void engine() {
        Engines.get();
    }

    @Test
    void holdsACopyOfTheFloatsLikeDjlsCreate() {
        Random rnd = new Random(3);
        float[] data = new float[2 * 3 * 17 * 19];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        Shape shape = new Shape(2, 3, 17, 19);
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray mine = HostArrays.floats(manager, data, shape);
            NDArray theirs = manager.create(data, shape);
            assertEquals(shape, mine.getShape());
            assertEquals(DataType.FLOAT32, mine.getDataType());
            assertArrayEquals(theirs.toFloatArray(), mine.toFloatArray(), 0f);
            // arithmetic sees the same values (the array is an ordinary tensor, not a view of Java memory)
            assertEquals(theirs.sum().getFloat(), mine.sum().getFloat(), 0f);
            float first = data[0];
            data[0] = 1e6f;
            assertEquals(first, mine.toFloatArray()[0], 0f, "the array copied the floats");
        }
    }

    @Test
    void closesWithItsManager() {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray a;
            try (NDManager step = manager.newSubManager()) {
                a = HostArrays.floats(step, new float[] {1, 2, 3, 4}, new Shape(2, 2));
                assertArrayEquals(new float[] {1, 2, 3, 4}, a.toFloatArray(), 0f);
            }
            assertTrue(a.isReleased());
        }
    }

    @Test
    void aShapeThatDoesNotFitTheDataIsAClearError() {
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HostArrays.floats(manager, new float[5], new Shape(2, 2)));
            assertEquals("5 floats cannot fill an array of shape (2, 2)", e.getMessage());
        }
    }
}
