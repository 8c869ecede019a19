package io.jyolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** The device rules of {@link DeviceChoice}, as documented in the README's GPU section. */
class DeviceChoiceTest {

    private static final String WHY = "no NVIDIA driver: libcuda.so.1 not found";

    @Test
    void withoutSettingsTheFirstGpuElseTheCpu() {
        assertEquals(Device.gpu(0), DeviceChoice.choose(null, null, 2, ""));
        assertEquals(Device.cpu(), DeviceChoice.choose(null, null, 0, WHY));
        assertEquals(Device.cpu(), DeviceChoice.choose(" ", "", 0, WHY));
    }

    @Test
    void gpu0MeansTheCpuEvenWithGpus() {
        assertEquals(Device.cpu(), DeviceChoice.choose(null, "0", 2, ""));
    }

    @Test
    void gpu1RequiresAGpuAndSaysWhyThereIsNone() {
        assertEquals(Device.gpu(0), DeviceChoice.choose(null, "1", 1, ""));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceChoice.choose(null, "1", 0, WHY));
        assertTrue(e.getMessage().startsWith("GPU=1 but no GPU is usable (" + WHY + ")"), e.getMessage());
    }

    @Test
    void anExplicitDeviceWinsOverTheGpuSwitch() {
        assertEquals(Device.cpu(), DeviceChoice.choose("cpu", "1", 0, WHY));
        assertEquals(Device.gpu(1), DeviceChoice.choose("gpu:1", "0", 2, ""));
        assertEquals(Device.gpu(0), DeviceChoice.choose("CUDA", null, 1, ""));
        assertEquals(Device.gpu(1), DeviceChoice.choose(" cuda:1 ", null, 2, ""));
    }

    @Test
    void aGpuThatIsNotThereIsAnErrorNotACpuFallback() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceChoice.choose("gpu", null, 0, WHY));
        assertEquals("device 'gpu' requested but the engine sees 0 GPU(s) (" + WHY + "); use cpu", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("gpu:2", 2, ""));
        assertEquals("device 'gpu:2' requested but the engine sees 2 GPU(s); use cpu or gpu:0..gpu:1", e.getMessage());
    }

    @Test
    void aBadDeviceStringGivesOneLine() {
        for (String bad : new String[] {"tpu", "gpu:x", "gpu:-1", "gpu:", "gpu0", "cpu:0", "gpu:99999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DeviceChoice.parse(bad, 4, ""), bad);
            assertEquals("unknown device '" + bad + "': use cpu, gpu or gpu:N", e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void aDeviceListNamesTheReplicasOfDataParallelTraining() {
        assertEquals(java.util.List.of(Device.cpu()), DeviceChoice.parseList("cpu", 0, WHY));
        assertEquals(java.util.List.of(Device.cpu(), Device.cpu()), DeviceChoice.parseList(" cpu, CPU ", 0, WHY));
        assertEquals(java.util.List.of(Device.gpu(1), Device.gpu(0)), DeviceChoice.parseList("gpu:1,cuda:0", 2, ""));
        assertEquals(java.util.List.of(Device.gpu(0), Device.gpu(1), Device.gpu(2)),
                DeviceChoice.parseList("all", 3, ""));
    }

    @Test
    void aBadDeviceListGivesOneLineNamingTheProblem() {
        assertEquals("devices 'all' means every GPU, but the engine sees none (" + WHY + "); use cpu",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parseList("all", 0, WHY)).getMessage());
        assertEquals("devices 'gpu:0,gpu:0' names gpu:0 twice: each GPU holds one replica",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parseList("gpu:0,gpu:0", 2, ""))
                        .getMessage());
        assertEquals("devices 'gpu,gpu:0' names gpu:0 twice: each GPU holds one replica",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parseList("gpu,gpu:0", 2, ""))
                        .getMessage());
        assertEquals("devices 'cpu,gpu:1' mixes the CPU and GPUs: use GPUs only, or cpu",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parseList("cpu,gpu:1", 2, ""))
                        .getMessage());
        assertEquals("devices 'cpu,,cpu' has an empty entry: use e.g. gpu:0,gpu:1",
                assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parseList("cpu,,cpu", 2, ""))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parseList("cpu,gpu:1", 0, WHY))
                .getMessage().startsWith("device 'gpu:1' requested but the engine sees 0 GPU(s)"));
    }
}
