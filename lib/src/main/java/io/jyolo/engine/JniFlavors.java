package io.jyolo.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which JNI build of DJL's PyTorch binding goes with a libtorch, by the CUDA version it was built for.
 *
 * <p>DJL loads a libtorch from {@code PYTORCH_LIBRARY_PATH} and then its own JNI library
 * {@code libdjl_torch.so} for the flavour named by {@code PYTORCH_FLAVOR}, taken from the
 * {@code pytorch-jni} jar ({@code jnilib/<platform>/<flavour>/}). That jar carries only {@code cpu} and
 * {@code cu128} for linux-x86_64, while the PyPI {@code torch==2.7.1} wheel is the CUDA 12.6 build: a
 * flavour named after the wheel ({@code cu126}) finds no JNI and the engine does not load.
 *
 * <p>The JNI library links against libtorch and c10 only, never against the CUDA runtime
 * ({@code readelf -d} on it), and the C++ API of one libtorch release is the same for every CUDA build of
 * it. So any CUDA 12 build of libtorch 2.7.1 takes the {@code cu128} JNI; {@code make gpu-check} proves
 * the link with every symbol bound at load ({@code LD_BIND_NOW=1}). Another CUDA major version is refused
 * rather than guessed.
 */
public final class JniFlavors {

    private static final Pattern CUDA_FLAVOR = Pattern.compile("cu(\\d+)(\\d)");
    private static final Pattern CUDA_VERSION = Pattern.compile("(\\d+)\\.(\\d+).*");
    private static final String MARKER = "jnilib/pytorch.properties";

    private JniFlavors() {
    }

    /**
     * The flavour whose JNI library serves a libtorch built for {@code cudaVersion}: {@code cpu} for a CPU
     * build (null or blank), else the flavour of the same CUDA major version, the exact one when present,
     * else the newest.
     *
     * @param cudaVersion the CUDA version the libtorch was built for ("12.6"), null for a CPU build
     * @param available   the flavours the JNI jar carries for this platform ({@link #available()})
     * @throws IllegalStateException (one line) when no JNI library fits
     */
    public static String forCuda(String cudaVersion, Set<String> available) {
        if (cudaVersion == null || cudaVersion.isBlank()) {
            return requireAvailable("cpu", available, "a CPU build of libtorch");
        }
        Matcher m = CUDA_VERSION.matcher(cudaVersion.strip());
        if (!m.matches()) {
            throw new IllegalStateException("unreadable CUDA version '" + cudaVersion + "' of the libtorch build");
        }
        int major = Integer.parseInt(m.group(1));
        String exact = "cu" + major + m.group(2);
        if (available.contains(exact)) {
            return exact;
        }
        Optional<String> sameMajor = available.stream().filter(f -> cudaMajor(f).orElse(-1) == major)
                .max((a, b) -> Integer.compare(cudaMinor(a), cudaMinor(b)));
        return sameMajor.orElseThrow(() -> new IllegalStateException("libtorch is built for CUDA " + cudaVersion
                + " but DJL's pytorch-jni jar carries JNI libraries for " + available + " only: install a CUDA "
                + "12 build of torch==2.7.1 (README, GPU route)"));
    }

    /** The CUDA major version of a flavour name ({@code cu128} gives 12), empty for {@code cpu}. */
    public static Optional<Integer> cudaMajor(String flavor) {
        Matcher m = CUDA_FLAVOR.matcher(flavor.toLowerCase(Locale.ROOT));
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private static int cudaMinor(String flavor) {
        Matcher m = CUDA_FLAVOR.matcher(flavor);
        return m.matches() ? Integer.parseInt(m.group(2)) : -1;
    }

    /** Fails in one line unless {@code flavor} is one the JNI jar carries. */
    public static String requireAvailable(String flavor, Set<String> available, String what) {
        if (!available.contains(flavor)) {
            throw new IllegalStateException("no DJL JNI library for flavour '" + flavor + "' (" + what
                    + "): DJL's pytorch-jni jar carries " + available + " for " + platform());
        }
        return flavor;
    }

    /** The flavours with a JNI library for this platform in the pytorch-jni jar on the class path. */
    public static Set<String> available() {
        URL marker = JniFlavors.class.getClassLoader().getResource(MARKER);
        if (marker == null) {
            return Set.of();
        }
        String prefix = "jnilib/" + platform() + "/";
        Set<String> flavors = new TreeSet<>();
        try {
            JarURLConnection connection = (JarURLConnection) marker.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (name.startsWith(prefix) && name.endsWith("/libdjl_torch.so")) {
                        flavors.add(name.substring(prefix.length(), name.length() - "/libdjl_torch.so".length()));
                    }
                }
            }
        } catch (ClassCastException e) {
            return Set.of(); // the JNI resources are not in a jar (an exploded class path): nothing to list
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the JNI libraries of " + marker, e);
        }
        return Set.copyOf(flavors);
    }

    /** DJL's platform classifier for this machine, as in the jar's folder names ({@code linux-x86_64}). */
    public static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String osPart = os.startsWith("win") ? "win" : os.startsWith("mac") ? "osx" : "linux";
        String arch = System.getProperty("os.arch");
        String archPart = "amd64".equals(arch) || "x86_64".equals(arch) ? "x86_64"
                : "aarch64".equals(arch) || "arm64".equals(arch) ? "aarch64" : arch;
        return osPart + "-" + archPart;
    }
}
