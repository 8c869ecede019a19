package io.jyolo.cli;

import io.jyolo.engine.EngineInfo;
import io.jyolo.engine.Engines;
import io.jyolo.engine.LoadedLibraries;
import java.nio.file.Path;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jyolo info}: which libtorch was loaded, the devices, and why no GPU when one was expected. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Show the libtorch loaded (version, flavour, path), the devices and the GPU status.",
                "--check also runs one training step and one detection on the default device."})
final class InfoCommand implements Runnable {

    private static final java.util.regex.Pattern JNI = java.util.regex.Pattern.compile(".*djl_torch\\.so");

    @Option(names = "--check", description = "Also run one forward+backward of Fast YOLO and one detection.")
    boolean check;

    @Option(names = "--require-cuda-build", description = "Fail unless the libtorch loaded is a CUDA build "
            + "(libtorch_cuda.so mapped into the process); make gpu-check uses it.")
    boolean requireCuda;

    @Override
    public void run() {
        EngineInfo info = Engines.info();
        System.out.println("JPEG decoder: " + io.jyolo.image.Images.jpegDecoder());
        System.out.println(info); // last: it ends with the malloc settings in force
        if (!check && !requireCuda) {
            return;
        }
        System.out.println("CUDA libraries loaded: " + (info.cudaLibraries().isEmpty() ? "none"
                : info.cudaLibraries().size() + "\n  " + info.cudaLibraries().stream().map(Path::toString)
                        .collect(Collectors.joining("\n  "))));
        if (requireCuda && info.cudaLibraries().stream()
                .noneMatch(p -> p.getFileName().toString().equals("libtorch_cuda.so"))) {
            throw new IllegalStateException("the libtorch loaded from " + info.libtorchPath()
                    + " is not a CUDA build (libtorch_cuda.so is not loaded)");
        }
        if (check) {
            EngineCheck.run(info.defaultDevice(), System.out);
            LoadedLibraries.matching(JNI).forEach(p -> System.out.println("DJL JNI library loaded: " + p));
        }
    }
}
