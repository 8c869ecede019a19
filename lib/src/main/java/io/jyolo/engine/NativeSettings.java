package io.jyolo.engine;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The settings DJL needs to load a libtorch named by {@code PYTORCH_LIBRARY_PATH}, worked out before the
 * engine loads so that a user sets one variable and gets either a loaded engine or one line saying why not.
 *
 * <p>From the libtorch's own files ({@link LibtorchLocation}) it sets what was not given:
 * {@code PYTORCH_VERSION}, and {@code PYTORCH_FLAVOR} as the flavour whose JNI library exists
 * ({@link JniFlavors}). A flavour that was given must have a JNI library, else DJL fails later with a
 * resource path in a stack trace.
 *
 * <p>It also adds the wheel's CUDA runtime folder to {@code jna.library.path}. DJL counts GPUs through
 * {@code libcudart} loaded by JNA under its plain name; a machine whose CUDA runtime comes only from the
 * wheel's {@code nvidia-cuda-runtime-cu12} has {@code libcudart.so.12} and no {@code libcudart.so}, so
 * {@code dlopen} fails, DJL counts 0 GPUs and training silently runs on the CPU. JNA also matches
 * versioned file names in the folders of {@code jna.library.path} (measured: with that folder set, DJL
 * reaches {@code cudaGetDeviceCount}; with {@code LD_LIBRARY_PATH} alone it does not).
 *
 * <p>DJL reads each setting from the environment first, then from system properties: what is set here
 * goes into system properties and never overrides the environment.
 */
public final class NativeSettings {

    /** Names DJL and JNA read. */
    public static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
    public static final String VERSION = "PYTORCH_VERSION";
    public static final String FLAVOR = "PYTORCH_FLAVOR";
    public static final String JNA_PATH = "jna.library.path";

    private NativeSettings() {
    }

    /**
     * The system properties to set, empty on the default route (the CPU libtorch of the Maven jar).
     *
     * @param env        the process environment ({@code System::getenv})
     * @param properties the system properties ({@code System::getProperty})
     * @param jniFlavors the flavours the JNI jar carries ({@link JniFlavors#available()})
     * @throws IllegalStateException (one line) when the libtorch cannot be loaded as set up
     */
    public static Map<String, String> plan(UnaryOperator<String> env, UnaryOperator<String> properties,
                                           Set<String> jniFlavors) {
        Map<String, String> set = new LinkedHashMap<>();
        String libPath = first(env, properties, LIBRARY_PATH);
        if (libPath == null || libPath.isBlank()) {
            return set;
        }
        LibtorchLocation lib = LibtorchLocation.read(Path.of(libPath.split(File.pathSeparator)[0]));
        if (first(env, properties, VERSION) == null) {
            set.put(VERSION, lib.version());
        }
        String flavor = first(env, properties, FLAVOR);
        if (flavor == null || flavor.isBlank()) {
            set.put(FLAVOR, JniFlavors.forCuda(lib.cudaVersion().orElse(null), jniFlavors));
        } else {
            JniFlavors.requireAvailable(flavor.strip(), jniFlavors, FLAVOR + " for the libtorch in " + lib.libDir()
                    + lib.cudaVersion().map(c -> ", built for CUDA " + c + "; leave " + FLAVOR
                            + " unset and jyolo picks " + JniFlavors.forCuda(c, jniFlavors)).orElse(""));
        }
        Optional<Path> runtime = lib.cudaRuntimeDir();
        if (runtime.isPresent()) {
            String jna = properties.apply(JNA_PATH);
            String dir = runtime.get().toString();
            if (jna == null || jna.isBlank()) {
                set.put(JNA_PATH, dir);
            } else if (!Set.of(jna.split(File.pathSeparator)).contains(dir)) {
                set.put(JNA_PATH, jna + File.pathSeparator + dir);
            }
        }
        return set;
    }

    /** Plans for this process and sets the system properties (idempotent). */
    public static Map<String, String> apply() {
        Map<String, String> set = plan(System::getenv, System::getProperty, JniFlavors.available());
        set.forEach(System::setProperty);
        return set;
    }

    /** A setting as DJL reads it in this process: the environment first, then the system properties. */
    public static String setting(String name) {
        return first(System::getenv, System::getProperty, name);
    }

    private static String first(UnaryOperator<String> env, UnaryOperator<String> properties, String name) {
        String v = env.apply(name);
        return v != null ? v : properties.apply(name);
    }
}
