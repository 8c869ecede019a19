package io.jyolo.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libtorch outside the Maven jars, as named by {@code PYTORCH_LIBRARY_PATH}: its folder, release and the
 * CUDA version it was built for, read from the files that come with it.
 *
 * <p>Two layouts are known. A pip {@code torch} wheel keeps the libraries in {@code torch/lib} and says
 * what it is in {@code torch/version.py} ({@code __version__ = '2.7.1+cu126'},
 * {@code cuda: Optional[str] = '12.6'}); its CUDA runtime comes in the {@code nvidia-cuda-runtime-cu12}
 * wheel beside it, {@code nvidia/cuda_runtime/lib/libcudart.so.12}. A libtorch zip keeps them in
 * {@code libtorch/lib} with {@code libtorch/build-version} ({@code 2.7.1+cu128}).
 *
 * @param libDir         the folder holding {@code libtorch.so}
 * @param version        the libtorch release ("2.7.1"), without the local build label
 * @param cudaVersion    the CUDA version it was built for ("12.6"), empty for a CPU build
 * @param cudaRuntimeDir the folder of the wheel's {@code libcudart.so.12}, empty when not found
 */
public record LibtorchLocation(Path libDir, String version, Optional<String> cudaVersion,
                               Optional<Path> cudaRuntimeDir) {

    private static final Pattern PY_VERSION = Pattern.compile("(?m)^__version__\\s*=\\s*'([^']+)'");
    private static final Pattern PY_CUDA = Pattern.compile("(?m)^cuda(?::[^=]*)?=\\s*'([^']+)'");
    private static final Pattern LOCAL_CUDA = Pattern.compile("\\+cu(\\d+)(\\d)$");

    /**
     * Reads the libtorch in {@code libDir}.
     *
     * @throws IllegalStateException (one line) when the folder holds no libtorch or says nothing of its version
     */
    public static LibtorchLocation read(Path libDir) {
        Path dir = libDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("libtorch.so"))) {
            throw new IllegalStateException("PYTORCH_LIBRARY_PATH=" + libDir + " holds no libtorch.so");
        }
        Path parent = dir.getParent();
        Path versionPy = parent.resolve("version.py");
        Path buildVersion = parent.resolve("build-version");
        try {
            if (Files.isRegularFile(versionPy)) {
                String text = Files.readString(versionPy);
                String full = group(PY_VERSION, text).orElseThrow(() -> new IllegalStateException(
                        versionPy + " has no __version__ line"));
                Optional<String> cuda = group(PY_CUDA, text);
                Path runtime = parent.getParent().resolve("nvidia").resolve("cuda_runtime").resolve("lib");
                return new LibtorchLocation(dir, release(full), cuda,
                        Files.isDirectory(runtime) ? Optional.of(runtime) : Optional.empty());
            }
            if (Files.isRegularFile(buildVersion)) {
                String full = Files.readString(buildVersion).strip();
                Matcher m = LOCAL_CUDA.matcher(full);
                Optional<String> cuda = m.find() ? Optional.of(m.group(1) + "." + m.group(2)) : Optional.empty();
                return new LibtorchLocation(dir, release(full), cuda, Optional.empty());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the version of the libtorch in " + dir, e);
        }
        throw new IllegalStateException("the libtorch in " + dir + " has neither ../version.py (pip wheel) nor "
                + "../build-version (libtorch zip): set PYTORCH_VERSION and PYTORCH_FLAVOR yourself");
    }

    /** True when this libtorch was built with CUDA. */
    public boolean isCuda() {
        return cudaVersion.isPresent();
    }

    private static String release(String full) {
        int plus = full.indexOf('+');
        return plus < 0 ? full : full.substring(0, plus);
    }

    private static Optional<String> group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
