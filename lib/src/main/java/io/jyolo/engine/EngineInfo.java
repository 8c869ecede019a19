package io.jyolo.engine;

import ai.djl.Device;
import java.util.List;

/**
 * What the deep-learning engine reports about itself: shown by notebooks and the CLI so a
 * user sees at once whether training will run on the GPU.
 *
 * @param engine         DJL engine name ("PyTorch")
 * @param djlVersion     DJL version
 * @param libtorchVersion version of the loaded libtorch
 * @param flavor         libtorch build flavour as DJL reports it (cpu, cu128...)
 * @param devices        every device the engine can use
 * @param defaultDevice  the device jyolo uses unless told otherwise
 * @param mallocTunables the process's GLIBC_TUNABLES, empty when glibc runs with its defaults
 *                       (training is slower then: environment/malloc.env says why)
 */
public record EngineInfo(String engine, String djlVersion, String libtorchVersion, String flavor,
                         List<Device> devices, Device defaultDevice, String mallocTunables) {

    @Override
    public String toString() {
        return engine + " " + libtorchVersion + " (" + flavor + ", DJL " + djlVersion + "), devices "
                + devices + ", default " + defaultDevice + ", malloc "
                + (mallocTunables.isEmpty() ? "glibc defaults (environment/jyolo sets environment/malloc.env)"
                        : mallocTunables);
    }
}
