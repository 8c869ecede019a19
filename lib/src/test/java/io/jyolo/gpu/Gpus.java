package io.jyolo.gpu;

import ai.djl.Device;
import io.jyolo.engine.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What the GPU test group shares: the device, or a skip whose reason is printed (Surefire shows skipped
 * tests only as a count), and the process memory readings.
 *
 * <p>The rest of the suite runs on the CPU even on a GPU machine ({@code -Djyolo.device=cpu} in the
 * Surefire settings), so that its exact-equality assertions keep meaning what they say; the tests of
 * this group name the GPU explicitly.
 */
final class Gpus {

    /** JUnit tag of the group: {@code mvn -Dgroups=gpu} (make test-gpu) runs it alone. */
    static final String TAG = "gpu";
    /**
     * {@code -Djyolo.gpuGroupOnCpu=true} runs the group on the CPU instead: a check of the tests' own logic
     * on a machine without a GPU (its tolerances then hold trivially; GPU memory is not read).
     */
    static final boolean ON_CPU = Boolean.getBoolean("jyolo.gpuGroupOnCpu");
    private static boolean printed;

    private Gpus() {
    }

    /** The first GPU, or an aborted (skipped) test with the reason printed once. */
    static synchronized Device gpuOrSkip() {
        if (ON_CPU) {
            return Device.cpu();
        }
        int gpus = Engines.get().getGpuCount();
        if (gpus == 0) {
            String why = "GPU test group skipped: no GPU usable (" + Engines.gpuStatus().detail() + ")";
            if (!printed) {
                System.out.println(why);
                printed = true;
            }
            Assumptions.abort(why);
        }
        return Device.gpu(0);
    }

    /**
     * {@code count} GPUs as a device list for data-parallel training ({@code gpu:0,gpu:1,...}), or an aborted
     * (skipped) test saying how many GPUs the engine sees; with {@link #ON_CPU}, {@code count} CPU replicas.
     */
    static synchronized String gpusOrSkip(int count) {
        if (ON_CPU) {
            return String.join(",", java.util.Collections.nCopies(count, "cpu"));
        }
        int gpus = Engines.get().getGpuCount();
        if (gpus < count) {
            String why = "multi-GPU test skipped: it needs " + count + " GPUs and the engine sees " + gpus
                    + (gpus == 0 ? " (" + Engines.gpuStatus().detail() + ")" : "");
            System.out.println(why);
            Assumptions.abort(why);
        }
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? "" : ",").append("gpu:").append(i);
        }
        return list.toString();
    }

    /** The device name the tests pass to the library: {@code gpu}, or {@code cpu} with {@link #ON_CPU}. */
    static String name() {
        return ON_CPU ? "cpu" : "gpu";
    }

    /** Resident memory of this process in MiB, from /proc/self/status. */
    static double rssMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS line in /proc/self/status");
    }

    /**
     * Memory in use on {@code gpu} in MiB (total minus free: the CUDA caching allocator's reserve included);
     * NaN for the CPU.
     */
    static double gpuUsedMib(Device gpu) {
        if (!gpu.isGpu()) {
            return Double.NaN;
        }
        java.lang.management.MemoryUsage m = ai.djl.util.cuda.CudaUtils.getGpuMemory(gpu);
        return m.getCommitted() / (1024.0 * 1024.0);
    }
}
