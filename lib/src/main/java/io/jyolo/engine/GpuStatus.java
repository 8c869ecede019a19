package io.jyolo.engine;

import java.util.Optional;

/**
 * Whether a GPU is usable and, when one was expected but none is, why: the part of {@code jyolo info} and
 * notebook 00 that turns DJL's silent "0 GPUs" into something a user can act on.
 *
 * @param reason what was found
 * @param detail one line for the user, naming the cause and the fix
 */
public record GpuStatus(Reason reason, String detail) {

    /** The outcomes, in the order they are checked. */
    public enum Reason {
        /** at least one GPU is usable */
        AVAILABLE,
        /** {@code GPU=0}: the CPU route was chosen */
        FORCED_CPU,
        /** no GPU expected: CPU libtorch, no NVIDIA driver, {@code GPU} not set */
        NOT_EXPECTED,
        /** a GPU was expected (driver present or {@code GPU=1}) but the CPU libtorch is loaded */
        CPU_LIBTORCH,
        /** the CUDA libtorch is loaded but there is no usable NVIDIA driver */
        NO_DRIVER,
        /** the CUDA runtime {@code libcudart} was not found by DJL's lookup */
        CUDA_RUNTIME_NOT_FOUND,
        /** the runtime answered the device count with an error */
        CUDA_ERROR,
        /** the runtime counted no device */
        NO_DEVICE
    }

    /**
     * What was observed.
     *
     * @param gpuSwitch     the {@code GPU} environment variable ("0", "1" or empty)
     * @param driverPresent the kernel has the NVIDIA driver loaded ({@code /proc/driver/nvidia/version})
     * @param cudaLibtorch  the loaded libtorch is a CUDA build
     * @param driver        what {@code libcuda.so.1} is
     * @param runtime       what the CUDA runtime said, empty when it was not asked (CPU libtorch)
     * @param gpus          the engine's GPU count
     */
    public record Facts(String gpuSwitch, boolean driverPresent, boolean cudaLibtorch, CudaProbe.Driver driver,
                        Optional<CudaProbe.Runtime> runtime, int gpus) {
    }

    /** The reason for {@code facts}. */
    public static GpuStatus diagnose(Facts f) {
        if ("0".equals(f.gpuSwitch())) {
            return new GpuStatus(Reason.FORCED_CPU, "GPU=0: the CPU route was chosen");
        }
        if (f.gpus() > 0) {
            return new GpuStatus(Reason.AVAILABLE, f.gpus() + " GPU(s) usable");
        }
        if (!f.cudaLibtorch()) {
            boolean expected = "1".equals(f.gpuSwitch()) || f.driverPresent()
                    || f.driver().kind() == CudaProbe.DriverKind.REAL;
            return expected
                    ? new GpuStatus(Reason.CPU_LIBTORCH, "the CPU libtorch is loaded although "
                            + ("1".equals(f.gpuSwitch()) ? "GPU=1 is set" : "an NVIDIA driver is present")
                            + ": run 'GPU=1 make setup' and start jyolo through environment/jyolo or the kernel")
                    : new GpuStatus(Reason.NOT_EXPECTED, "none expected: CPU libtorch and no NVIDIA driver");
        }
        switch (f.driver().kind()) {
            case MISSING:
                return new GpuStatus(Reason.NO_DRIVER, "no NVIDIA driver: libcuda.so.1 not found");
            case STUB:
                return new GpuStatus(Reason.NO_DRIVER,
                        "no NVIDIA driver: libcuda.so.1 is jyolo's driver stub (make gpu-check)");
            case BROKEN:
                return new GpuStatus(Reason.NO_DRIVER,
                        "no usable NVIDIA driver: libcuda.so.1 answers cuDriverGetVersion with an error");
            default:
                break;
        }
        CudaProbe.Runtime runtime = f.runtime().orElse(null);
        if (runtime == null || !runtime.found()) {
            return new GpuStatus(Reason.CUDA_RUNTIME_NOT_FOUND, "CUDA runtime not found: DJL loads libcudart by "
                    + "JNA; put the folder with libcudart.so.12 on -Djna.library.path (jyolo does so for a pip wheel)");
        }
        if (runtime.countError() != 0) {
            return new GpuStatus(Reason.CUDA_ERROR, "cudaGetDeviceCount failed: " + runtime.errorText() + " ("
                    + runtime.countError() + "); driver CUDA " + CudaProbe.versionText(f.driver().version())
                    + ", runtime CUDA " + CudaProbe.versionText(runtime.version().orElse(0)));
        }
        return new GpuStatus(Reason.NO_DEVICE, "the CUDA runtime counts no device");
    }

    /** True when no GPU is usable although one was expected. */
    public boolean isProblem() {
        return reason != Reason.AVAILABLE && reason != Reason.NOT_EXPECTED && reason != Reason.FORCED_CPU;
    }
}
