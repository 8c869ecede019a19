package io.jyolo.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Starts the PyTorch engine the jyolo way and tells which device to use.
 *
 * <p>DJL reads its settings when the engine first loads, so every entry point calls
 * {@link #get()} before touching an NDArray: it switches DJL to offline mode (the CPU
 * libtorch ships in the Maven Central native jar; nothing is downloaded at run time) and
 * opts out of usage tracking. DJL unpacks the native libraries once into
 * {@code ~/.djl.ai/pytorch/<version>-<flavor>-linux-x86_64} (override with {@code DJL_CACHE_DIR});
 * that folder lives outside the repository.
 *
 * <p>The device is the first GPU when the engine sees one, else the CPU; set the system
 * property {@code jyolo.device} or the environment variable {@code JYOLO_DEVICE} to
 * {@code cpu}, {@code gpu} or {@code gpu:N} to override.
 */
public final class Engines {

    private Engines() {
    }

    /** Applies the offline settings (idempotent). Safe to call before any DJL class loads. */
    public static void configure() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
    }

    /** The PyTorch engine, configured and loaded. */
    public static Engine get() {
        configure();
        return Engine.getEngine("PyTorch");
    }

    /**
     * Turns libtorch's autograd recording off for the calling thread. Grad mode is per thread and
     * on by default in libtorch; DJL switches it off only on the thread that loaded the engine, so a
     * notebook cell (JJava runs cells on other threads) or a worker thread would otherwise record a
     * graph for every inference forward and refuse in-place weight updates. Gradient collectors
     * switch it on for their own scope.
     */
    public static void disableGradientsOnThisThread() {
        get();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    }

    /** Engine, versions and devices, for display. */
    public static EngineInfo info() {
        Engine engine = get();
        List<Device> devices = new ArrayList<>();
        devices.add(Device.cpu());
        for (int i = 0; i < engine.getGpuCount(); i++) {
            devices.add(Device.gpu(i));
        }
        String flavor = System.getProperty("PYTORCH_FLAVOR", System.getenv().getOrDefault("PYTORCH_FLAVOR",
                engine.getGpuCount() > 0 ? "gpu" : "cpu"));
        return new EngineInfo(engine.getEngineName(), Engine.getDjlVersion(), engine.getVersion(), flavor,
                List.copyOf(devices), defaultDevice(), System.getenv().getOrDefault("GLIBC_TUNABLES", ""));
    }

    /** The device to train and detect on: the override if given, else the first GPU, else the CPU. */
    public static Device defaultDevice() {
        String override = System.getProperty("jyolo.device", System.getenv("JYOLO_DEVICE"));
        Engine engine = get();
        if (override != null && !override.isBlank()) {
            return parseDevice(override, engine.getGpuCount());
        }
        return engine.getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
    }

    /** Parses {@code cpu}, {@code gpu} or {@code gpu:N}, checking that the GPU exists. */
    public static Device parseDevice(String spec, int gpuCount) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu") || s.equals("cuda") || s.startsWith("gpu:") || s.startsWith("cuda:")) {
            int index = s.contains(":") ? Integer.parseInt(s.substring(s.indexOf(':') + 1)) : 0;
            if (index >= gpuCount) {
                throw new IllegalArgumentException("device '" + spec + "' requested but the engine sees "
                        + gpuCount + " GPU(s); use cpu, or check the CUDA libtorch setup (README, GPU route)");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("unknown device '" + spec + "': use cpu, gpu or gpu:N");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
