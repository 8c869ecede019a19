package io.jyolo.engine;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;

/**
 * What the deep-learning engine reports about itself: shown by notebooks and the CLI so a user sees at
 * once which libtorch was loaded, whether training will run on the GPU, and if not, why.
 *
 * @param engine         DJL engine name ("PyTorch")
 * @param djlVersion     DJL version
 * @param libtorchVersion version of the loaded libtorch
 * @param flavor         libtorch build flavour whose JNI library was loaded (cpu, cu128)
 * @param libtorchPath   the folder the libtorch was loaded from
 * @param devices        every device the engine can use
 * @param defaultDevice  the device jyolo uses unless told otherwise
 * @param gpu            whether a GPU is usable, and why not when one was expected
 * @param cudaLibraries  the CUDA libraries mapped into the process (empty on the CPU route)
 * @param mallocTunables the process's GLIBC_TUNABLES, empty when glibc runs with its defaults
 *                       (training is slower then: environment/malloc.env says why)
 */
public record EngineInfo(String engine, String djlVersion, String libtorchVersion, String flavor, Path libtorchPath,
                         List<Device> devices, Device defaultDevice, GpuStatus gpu, List<Path> cudaLibraries,
                         String mallocTunables) {

    /** One line: libtorch (version, flavour, path), devices, default device, GPU status, malloc settings. */
    @Override
    public String toString() {
        return "libtorch " + libtorchVersion + " " + flavor + " from " + libtorchPath + " (" + engine + ", DJL "
                + djlVersion + "); devices " + devices + ", default " + defaultDevice + "; GPU: " + gpu.detail()
                + "; malloc " + (mallocTunables.isEmpty()
                        ? "glibc defaults (environment/jyolo sets environment/malloc.env)" : mallocTunables);
    }
}
