package io.jyolo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void shortAndConstantNamesInAnyCaseWithDashOrUnderscore() {
        assertEquals(Architecture.FAST, Architecture.parse("fast"));
        assertEquals(Architecture.FAST_CONVOLUTIONAL, Architecture.parse("fast-conv"));
        assertEquals(Architecture.FAST_CONVOLUTIONAL, Architecture.parse("FAST_CONV"));
        assertEquals(Architecture.FAST_CONVOLUTIONAL, Architecture.parse("fast_convolutional"));
        assertEquals(Architecture.ORIGINAL, Architecture.parse(" Original "));
        assertEquals(Architecture.FULLY_CONVOLUTIONAL, Architecture.parse("fcn"));
        assertEquals(Architecture.FULLY_CONVOLUTIONAL, Architecture.parse("fully-convolutional"));
        assertEquals(Architecture.RESNET18, Architecture.parse("ResNet-18"));
    }

    @Test
    void everyShortNameParsesBackToItsConstant() {
        for (Architecture a : Architecture.values()) {
            assertEquals(a, Architecture.parse(a.shortName()));
            assertEquals(a, Architecture.parse(a.name()));
        }
    }

    @Test
    void unknownNameIsOneLineListingTheNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse("yolo9"));
        assertEquals("unknown network 'yolo9': use one of original, fcn, fast, fast-conv, resnet18, resnet34, resnet50", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(IllegalArgumentException.class, () -> Architecture.parse("conv"));
        assertThrows(IllegalArgumentException.class, () -> Architecture.parse(null));
    }
}
