package io.jyolo.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the PyTorch engine the jyolo way and tells which device to use.
 *
 * <p>DJL reads its settings when the engine first loads, so every entry point calls {@link #get()} before
 * touching an NDArray: it switches DJL to offline mode (the CPU libtorch ships in the Maven Central native
 * jar; nothing is downloaded at run time), opts out of usage tracking, and, on the GPU route, completes
 * the settings for the libtorch named by {@code PYTORCH_LIBRARY_PATH} ({@link NativeSettings}). DJL
 * unpacks its JNI library once into {@code ~/.djl.ai/pytorch/<version>-<flavor>-linux-x86_64} (override
 * with {@code DJL_CACHE_DIR}); that folder lives outside the repository.
 *
 * <p>The device follows {@link DeviceChoice}: {@code -Djyolo.device} or {@code JYOLO_DEVICE} ({@code cpu},
 * {@code gpu}, {@code gpu:N}) wins, {@code GPU=0} means the CPU, {@code GPU=1} requires a GPU, else the
 * first GPU when there is one. When a GPU was expected but none is usable, the first call says why on
 * standard error, once.
 */
public final class Engines {

    /** The variable that chooses the route ({@code 0} CPU, {@code 1} GPU required), as for environment/setup.sh. */
    public static final String GPU_SWITCH = "GPU";
    private static final java.util.regex.Pattern TORCH_CUDA = java.util.regex.Pattern.compile("libtorch_cuda\\.so");
    private static volatile GpuStatus status;
    private static volatile boolean warned;
    private static volatile IllegalStateException setupError;
    /** The engine once loaded: its native settings can no longer change, so they are not worked out again. */
    private static volatile Engine loaded;

    private Engines() {
    }

    /**
     * Applies the offline settings and the native settings (idempotent). Safe before any DJL class loads,
     * and never throws: a libtorch that cannot be loaded as set up is reported by {@link #get()}. After the
     * engine has loaded it does nothing more (the native settings read the JNI jar and the libtorch's files).
     */
    public static void configure() {
        if (loaded != null) {
            return;
        }
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        try {
            NativeSettings.apply();
            setupError = null;
        } catch (IllegalStateException e) {
            setupError = e;
        }
    }

    /**
     * The PyTorch engine, configured and loaded. Cheap after the first call: inference calls it per batch.
     *
     * @throws IllegalStateException (one line) when the libtorch cannot be loaded, naming the cause
     */
    public static Engine get() {
        Engine engine = loaded;
        if (engine != null) {
            return engine;
        }
        configure();
        if (setupError != null) {
            throw new IllegalStateException(setupError.getMessage(), setupError);
        }
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException(loadFailure(e), e);
        }
        loaded = engine;
        return engine;
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

    /**
     * Engine, libtorch, devices and GPU status, for display ({@code jyolo info}, notebook 00).
     *
     * @throws IllegalArgumentException (one line) when {@code JYOLO_DEVICE} names a device that is not there
     * @throws IllegalStateException    (one line) when the libtorch does not load, or {@code GPU=1} and no GPU
     */
    public static EngineInfo info() {
        Engine engine = get();
        List<Device> devices = new ArrayList<>();
        devices.add(Device.cpu());
        for (int i = 0; i < engine.getGpuCount(); i++) {
            devices.add(Device.gpu(i));
        }
        GpuStatus gpu = gpuStatus();
        return new EngineInfo(engine.getEngineName(), Engine.getDjlVersion(), engine.getVersion(), loadedFlavor(),
                Path.of(LibUtils.getLibtorchPath()), List.copyOf(devices), chooseDevice(engine, gpu), gpu,
                LoadedLibraries.matching(LoadedLibraries.CUDA), System.getenv().getOrDefault("GLIBC_TUNABLES", ""));
    }

    /** Whether a GPU is usable and, if one was expected but none is, why (computed once). */
    public static GpuStatus gpuStatus() {
        GpuStatus s = status;
        if (s == null) {
            Engine engine = get();
            // DJL's CUDA capability needs a working driver; the CUDA build is told by what was loaded
            boolean cuda = !LoadedLibraries.matching(TORCH_CUDA).isEmpty();
            s = GpuStatus.diagnose(new GpuStatus.Facts(System.getenv(GPU_SWITCH),
                    Files.exists(Path.of("/proc/driver/nvidia/version")), cuda, CudaProbe.driver(),
                    cuda ? Optional.of(CudaProbe.runtime()) : Optional.empty(), engine.getGpuCount()));
            status = s;
        }
        return s;
    }

    /** The device to train and detect on ({@link DeviceChoice#choose}). */
    public static Device defaultDevice() {
        GpuStatus gpu = gpuStatus();
        Device device = chooseDevice(get(), gpu);
        if (!warned && gpu.isProblem() && !device.isGpu()) {
            warned = true;
            System.err.println("jyolo: running on the CPU, no GPU usable: " + gpu.detail());
        }
        return device;
    }

    /** {@link DeviceChoice#choose} with this process's settings: {@code -Djyolo.device}, {@code JYOLO_DEVICE}, {@code GPU}. */
    private static Device chooseDevice(Engine engine, GpuStatus gpu) {
        return DeviceChoice.choose(System.getProperty("jyolo.device", System.getenv("JYOLO_DEVICE")),
                System.getenv(GPU_SWITCH), engine.getGpuCount(), gpu.detail());
    }

    /** Parses a device list ({@link DeviceChoice#parseList}): {@code gpu:0,gpu:1}, {@code all}, {@code cpu,cpu}. */
    public static List<Device> parseDevices(String spec, int gpuCount) {
        return DeviceChoice.parseList(spec, gpuCount, gpuCount == 0 ? gpuStatus().detail() : "");
    }

    /** Parses {@code cpu}, {@code gpu} or {@code gpu:N}, checking that the GPU exists ({@link DeviceChoice#parse}). */
    public static Device parseDevice(String spec, int gpuCount) {
        return DeviceChoice.parse(spec, gpuCount, gpuCount == 0 ? gpuStatus().detail() : "");
    }

    /** The flavour DJL loaded: the one set for it, else {@code cpu} for the Maven jar's libtorch. */
    private static String loadedFlavor() {
        String f = NativeSettings.setting(NativeSettings.FLAVOR);
        return f == null || f.isBlank() ? "cpu" : f;
    }

    /** One line for a libtorch that did not load: the missing driver named when that is the cause. */
    private static String loadFailure(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String flavor = loadedFlavor();
        String where = Optional.ofNullable(NativeSettings.setting(NativeSettings.LIBRARY_PATH))
                .orElse("the Maven native jar");
        if (JniFlavors.cudaMajor(flavor).isPresent() && CudaProbe.driver().kind() == CudaProbe.DriverKind.MISSING) {
            return "the CUDA libtorch in " + where + " needs the NVIDIA driver (libcuda.so.1), which this machine "
                    + "lacks: install the driver, or use the CPU route (GPU=0 make setup); 'make gpu-check' tests the "
                    + "route without a GPU";
        }
        return "libtorch (" + flavor + ") from " + where + " failed to load: " + root.getMessage();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
