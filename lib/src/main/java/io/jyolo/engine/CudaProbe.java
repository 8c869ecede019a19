package io.jyolo.engine;

import ai.djl.util.cuda.CudaLibrary;
import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.Optional;

/**
 * Asks the NVIDIA driver and the CUDA runtime directly what they see, so that "0 GPUs" comes with a reason.
 *
 * <p>The runtime is looked up as DJL looks it up ({@code cudart} through JNA, after
 * {@link NativeSettings} has added the wheel's folder to {@code jna.library.path}), so what this finds is
 * what DJL's GPU count finds.
 */
public final class CudaProbe {

    /** What {@code libcuda.so.1} is on this machine. */
    public enum DriverKind {
        /** the NVIDIA driver answered {@code cuDriverGetVersion} */
        REAL,
        /** the driver stub of {@code make gpu-check} (exports {@code jyolo_cuda_stub}) */
        STUB,
        /** a {@code libcuda.so.1} that returned an error for {@code cuDriverGetVersion} */
        BROKEN,
        /** no {@code libcuda.so.1} can be loaded */
        MISSING
    }

    /**
     * The driver library.
     *
     * @param kind    what was found
     * @param version the driver's CUDA version (12080 for 12.8), 0 unless {@link DriverKind#REAL}
     */
    public record Driver(DriverKind kind, int version) {
    }

    /**
     * The CUDA runtime as JNA finds it by DJL's name.
     *
     * @param version    the runtime version (12060 for 12.6), empty when {@code libcudart} was not found
     * @param countError the error code of {@code cudaGetDeviceCount}, 0 on success
     * @param errorText  that error's text from the runtime, empty on success
     * @param gpus       the devices counted, 0 on error
     */
    public record Runtime(Optional<Integer> version, int countError, String errorText, int gpus) {

        /** True when {@code libcudart} was found. */
        public boolean found() {
            return version.isPresent();
        }
    }

    private CudaProbe() {
    }

    /** Loads {@code libcuda.so.1} the way libtorch does and asks its version. */
    public static Driver driver() {
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance("libcuda.so.1");
        } catch (UnsatisfiedLinkError e) {
            return new Driver(DriverKind.MISSING, 0);
        }
        try {
            lib.getFunction("jyolo_cuda_stub");
            return new Driver(DriverKind.STUB, 0);
        } catch (UnsatisfiedLinkError notStub) {
            // a real driver, or someone else's stub: ask it
        }
        try {
            Function f = lib.getFunction("cuDriverGetVersion");
            int[] version = new int[1];
            int rc = f.invokeInt(new Object[] {version});
            return rc == 0 ? new Driver(DriverKind.REAL, version[0]) : new Driver(DriverKind.BROKEN, 0);
        } catch (UnsatisfiedLinkError e) {
            return new Driver(DriverKind.BROKEN, 0);
        }
    }

    /** Loads {@code cudart} as DJL does and counts the devices. */
    public static Runtime runtime() {
        CudaLibrary lib;
        try {
            lib = Native.load("cudart", CudaLibrary.class);
        } catch (UnsatisfiedLinkError e) {
            return new Runtime(Optional.empty(), 0, "", 0);
        }
        int[] version = new int[1];
        lib.cudaRuntimeGetVersion(version);
        int[] count = new int[1];
        int rc = lib.cudaGetDeviceCount(count);
        return new Runtime(Optional.of(version[0]), rc, rc == 0 ? "" : lib.cudaGetErrorString(rc), rc == 0 ? count[0] : 0);
    }

    /** "12.6" for 12060. */
    public static String versionText(int cudaVersion) {
        return (cudaVersion / 1000) + "." + (cudaVersion % 1000) / 10;
    }
}
