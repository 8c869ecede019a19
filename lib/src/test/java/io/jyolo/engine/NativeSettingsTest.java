package io.jyolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings worked out for a libtorch outside the Maven jars, on folders laid out as a pip wheel and
 * as a libtorch zip (empty files where the libraries would be: only names and version files are read).
 */
class NativeSettingsTest {

    private static final Set<String> JNI = Set.of("cpu", "cu128");

    @TempDir
    Path dir;

    /** site-packages/torch/lib with version.py and, for a CUDA wheel, nvidia/cuda_runtime/lib. */
    private Path wheel(String version, String cuda) throws IOException {
        Path torch = Files.createDirectories(dir.resolve("site-packages/torch/lib")).getParent();
        Files.createFile(torch.resolve("lib/libtorch.so"));
        Files.writeString(torch.resolve("version.py"), "from typing import Optional\n\n__version__ = '" + version
                + "'\ndebug = False\ncuda: Optional[str] = " + (cuda == null ? "None" : "'" + cuda + "'") + "\n");
        if (cuda != null) {
            Files.createDirectories(dir.resolve("site-packages/nvidia/cuda_runtime/lib"));
            Files.createFile(dir.resolve("site-packages/nvidia/cuda_runtime/lib/libcudart.so.12"));
        }
        return torch.resolve("lib");
    }

    private static Map<String, String> plan(Map<String, String> env, Map<String, String> props) {
        return NativeSettings.plan(env::get, props::get, JNI);
    }

    @Test
    void theCpuRouteSetsNothing() {
        assertEquals(Map.of(), plan(Map.of(), Map.of()));
    }

    @Test
    void pypiCuda126WheelGetsVersionCu128AndItsCudaRuntimeForJna() throws IOException {
        Path lib = wheel("2.7.1+cu126", "12.6");
        LibtorchLocation location = LibtorchLocation.read(lib);
        assertEquals("2.7.1", location.version());
        assertEquals(Optional.of("12.6"), location.cudaVersion());
        Path runtime = dir.resolve("site-packages/nvidia/cuda_runtime/lib").toAbsolutePath().normalize();
        assertEquals(Optional.of(runtime), location.cudaRuntimeDir());

        Map<String, String> set = plan(Map.of("PYTORCH_LIBRARY_PATH", lib.toString()), Map.of());
        assertEquals(Map.of("PYTORCH_VERSION", "2.7.1", "PYTORCH_FLAVOR", "cu128", "jna.library.path",
                runtime.toString()), set);
    }

    @Test
    void whatTheUserSetIsKeptAndAJnaPathIsExtendedOnce() throws IOException {
        Path lib = wheel("2.7.1+cu128", "12.8");
        Path runtime = dir.resolve("site-packages/nvidia/cuda_runtime/lib").toAbsolutePath().normalize();
        Map<String, String> props = new HashMap<>(Map.of("PYTORCH_LIBRARY_PATH", lib.toString(),
                "PYTORCH_VERSION", "2.7.1", "jna.library.path", "/opt/x"));
        Map<String, String> set = plan(Map.of("PYTORCH_FLAVOR", "cu128"), props);
        assertEquals(Map.of("jna.library.path", "/opt/x" + File.pathSeparator + runtime), set);
        props.putAll(set);
        assertEquals(Map.of(), plan(Map.of("PYTORCH_FLAVOR", "cu128"), props), "applying twice changes nothing");
    }

    @Test
    void aFlavourWithoutJniIsRefusedInOneLineNamingTheFix() throws IOException {
        Path lib = wheel("2.7.1+cu126", "12.6");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> plan(
                Map.of("PYTORCH_LIBRARY_PATH", lib.toString(), "PYTORCH_FLAVOR", "cu126"), Map.of()));
        String m = e.getMessage();
        assertTrue(m.contains("'cu126'") && m.contains("cu128") && m.contains("leave PYTORCH_FLAVOR unset"), m);
        assertFalse(m.contains("\n"));
    }

    @Test
    void aCpuWheelGetsTheCpuJniAndNoJnaPath() throws IOException {
        Path lib = wheel("2.7.1+cpu", null);
        assertEquals(Map.of("PYTORCH_VERSION", "2.7.1", "PYTORCH_FLAVOR", "cpu"),
                plan(Map.of("PYTORCH_LIBRARY_PATH", lib.toString()), Map.of()));
    }

    @Test
    void aLibtorchZipIsReadFromItsBuildVersion() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("libtorch/lib"));
        Files.createFile(lib.resolve("libtorch.so"));
        Files.writeString(dir.resolve("libtorch/build-version"), "2.7.1+cu128\n");
        LibtorchLocation location = LibtorchLocation.read(lib);
        assertEquals("2.7.1", location.version());
        assertEquals(Optional.of("12.8"), location.cudaVersion());
        assertEquals(Optional.empty(), location.cudaRuntimeDir());
    }

    @Test
    void aFolderWithoutLibtorchOrVersionSaysSo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> plan(Map.of("PYTORCH_LIBRARY_PATH", empty.toString()), Map.of()));
        assertTrue(e.getMessage().contains("holds no libtorch.so"), e.getMessage());

        Path bare = Files.createDirectories(dir.resolve("bare/lib"));
        Files.createFile(bare.resolve("libtorch.so"));
        e = assertThrows(IllegalStateException.class, () -> LibtorchLocation.read(bare));
        assertTrue(e.getMessage().contains("set PYTORCH_VERSION and PYTORCH_FLAVOR"), e.getMessage());
    }
}
