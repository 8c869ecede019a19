package io.jyolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The wheel's CUDA version maps to the JNI flavour that exists. */
class JniFlavorsTest {

    private static final Set<String> DJL_0_36 = Set.of("cpu", "cu128");

    @Test
    void theJarOnTheClassPathCarriesCpuAndCu128ForThisPlatform() {
        Set<String> available = JniFlavors.available();
        System.out.println("JNI flavours for " + JniFlavors.platform() + ": " + available);
        if (JniFlavors.platform().equals("linux-x86_64")) {
            assertEquals(DJL_0_36, available);
        } else {
            assertTrue(available.contains("cpu"), available.toString());
        }
    }

    @Test
    void anyCuda12BuildTakesTheCu128Jni() {
        assertEquals("cu128", JniFlavors.forCuda("12.6", DJL_0_36)); // PyPI's torch==2.7.1
        assertEquals("cu128", JniFlavors.forCuda("12.8", DJL_0_36)); // the cu128 index's
        assertEquals("cu128", JniFlavors.forCuda("12.4", DJL_0_36));
        assertEquals("cu126", JniFlavors.forCuda("12.6", Set.of("cpu", "cu126", "cu128")), "the exact one first");
        assertEquals("cu128", JniFlavors.forCuda("12.1", Set.of("cu121x", "cu124", "cu128")), "else the newest");
    }

    @Test
    void aCpuBuildTakesTheCpuJni() {
        assertEquals("cpu", JniFlavors.forCuda(null, DJL_0_36));
        assertEquals("cpu", JniFlavors.forCuda(" ", DJL_0_36));
    }

    @Test
    void anotherCudaMajorVersionIsRefusedInOneLine() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JniFlavors.forCuda("11.8", DJL_0_36));
        assertTrue(e.getMessage().contains("CUDA 11.8") && e.getMessage().contains("cu128"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(IllegalStateException.class, () -> JniFlavors.forCuda("13.0", DJL_0_36));
        assertThrows(IllegalStateException.class, () -> JniFlavors.forCuda("twelve", DJL_0_36));
        assertThrows(IllegalStateException.class, () -> JniFlavors.forCuda(null, Set.of("cu128")));
    }

    @Test
    void cudaMajorOfAFlavourName() {
        assertEquals(Optional.of(12), JniFlavors.cudaMajor("cu128"));
        assertEquals(Optional.of(11), JniFlavors.cudaMajor("cu118"));
        assertEquals(Optional.empty(), JniFlavors.cudaMajor("cpu"));
    }
}
