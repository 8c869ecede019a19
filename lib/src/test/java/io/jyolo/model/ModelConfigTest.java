package io.jyolo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

    @Test
    void paperDefaults() {
        ModelConfig config = ModelConfig.paper();
        assertEquals(Architecture.ORIGINAL, config.architecture());
        assertEquals(7, config.gridSize());
        assertEquals(OutputLayout.voc(), config.layout());
        assertEquals(OutputActivation.SIGMOID, config.outputActivation());
        assertEquals(new Shape(4, 3, 448, 448), config.inputShape(4));
    }

    @Test
    void gridFollowsInputSize() {
        assertEquals(2, ModelConfig.builder().inputSize(128).build().gridSize());
        assertEquals(3, ModelConfig.builder().inputSize(192).build().gridSize());
        ModelConfig custom = ModelConfig.builder().inputSize(320).boxesPerCell(3).classes(4).build();
        assertEquals(new OutputLayout(5, 3, 4), custom.layout());
        assertEquals(custom, custom.toBuilder().build());
    }

    @Test
    void inputSizeNotMultipleOfStrideIsRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelConfig.builder().inputSize(416).build());
        assertTrue(e.getMessage().contains("416") && e.getMessage().contains("64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder().inputSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder().inputSize(32).build());
    }

    @Test
    void badCountsAndDropoutAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder().boxesPerCell(0).build());
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder().classes(0).build());
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder().dropout(1f).build());
        assertThrows(NullPointerException.class, () -> ModelConfig.builder().architecture(null).build());
    }
}
