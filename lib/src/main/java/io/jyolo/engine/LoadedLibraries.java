package io.jyolo.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The native libraries this process has mapped, read from {@code /proc/self/maps}: the proof of which
 * libtorch and which CUDA libraries were really loaded, whatever the settings said. Empty where there is
 * no {@code /proc} (not Linux).
 */
public final class LoadedLibraries {

    /** Library file names of libtorch's CUDA side and of the CUDA toolkit. */
    public static final Pattern CUDA = Pattern.compile(
            "lib(torch_cuda|c10_cuda|caffe2_nvrtc|cuda|cudart|cudnn|cublas|cublasLt|cufft|curand|cusparse|cusolver"
                    + "|nccl|nvrtc|nvJitLink|cufile|cusparseLt)([-.].*)?\\.so.*");

    private LoadedLibraries() {
    }

    /** The distinct shared objects mapped into this process whose file name matches {@code name}. */
    public static List<Path> matching(Pattern name) {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return List.of();
        }
        try (var lines = Files.lines(maps)) {
            return lines.map(l -> l.indexOf('/') < 0 ? "" : l.substring(l.indexOf('/')).strip())
                    .filter(p -> !p.isEmpty() && !p.endsWith("(deleted)"))
                    .map(Path::of)
                    .filter(p -> name.matcher(p.getFileName().toString()).matches())
                    .distinct().sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
