package io.jyolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.engine.CudaProbe.Driver;
import io.jyolo.engine.CudaProbe.DriverKind;
import io.jyolo.engine.GpuStatus.Facts;
import io.jyolo.engine.GpuStatus.Reason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each reason a GPU can be missing is told apart, from the facts a machine shows. */
class GpuStatusTest {

    private static final Driver REAL = new Driver(DriverKind.REAL, 12080);
    private static final Driver NONE = new Driver(DriverKind.MISSING, 0);
    private static final CudaProbe.Runtime ONE_GPU = new CudaProbe.Runtime(Optional.of(12060), 0, "", 1);

    private static GpuStatus of(String gpu, boolean driverPresent, boolean cuda, Driver driver,
                                CudaProbe.Runtime runtime, int gpus) {
        return GpuStatus.diagnose(new Facts(gpu, driverPresent, cuda, driver, Optional.ofNullable(runtime), gpus));
    }

    @Test
    void reasons() {
        assertEquals(Reason.AVAILABLE, of(null, true, true, REAL, ONE_GPU, 1).reason());
        assertEquals(Reason.FORCED_CPU, of("0", true, true, REAL, ONE_GPU, 1).reason());
        assertEquals(Reason.NOT_EXPECTED, of(null, false, false, NONE, null, 0).reason());
        assertEquals(Reason.CPU_LIBTORCH, of(null, true, false, REAL, null, 0).reason());
        assertEquals(Reason.CPU_LIBTORCH, of("1", false, false, NONE, null, 0).reason());
        assertEquals(Reason.NO_DRIVER, of(null, false, true, NONE, null, 0).reason());
        GpuStatus stub = of(null, false, true, new Driver(DriverKind.STUB, 0), null, 0);
        assertEquals(Reason.NO_DRIVER, stub.reason());
        assertTrue(stub.detail().contains("stub"), stub.detail());
        assertEquals(Reason.CUDA_RUNTIME_NOT_FOUND,
                of(null, true, true, REAL, new CudaProbe.Runtime(Optional.empty(), 0, "", 0), 0).reason());
        GpuStatus old = of(null, true, true, new Driver(DriverKind.REAL, 11040),
                new CudaProbe.Runtime(Optional.of(12060), 35, "CUDA driver version is insufficient", 0), 0);
        assertEquals(Reason.CUDA_ERROR, old.reason());
        assertTrue(old.detail().contains("(35); driver CUDA 11.4, runtime CUDA 12.6"), old.detail());
        assertEquals(Reason.NO_DEVICE,
                of(null, true, true, REAL, new CudaProbe.Runtime(Optional.of(12060), 0, "", 0), 0).reason());
    }

    @Test
    void onlyAnExpectedButMissingGpuIsAProblem() {
        assertFalse(of(null, false, false, NONE, null, 0).isProblem());
        assertFalse(of("0", true, true, REAL, ONE_GPU, 1).isProblem());
        assertTrue(of(null, false, true, NONE, null, 0).isProblem());
    }

    @Test
    void thisMachine() {
        GpuStatus status = Engines.gpuStatus();
        System.out.println("GPU status here: " + status);
        if (Engines.get().getGpuCount() == 0) {
            assertTrue(status.reason() != Reason.AVAILABLE, status.toString());
        }
    }
}
