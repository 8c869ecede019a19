package io.jyolo.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-user copy of OpenCV's native library. Copying and reuse are checked on a small file of
 * the openpnp jar (the same path through the jar as the library, without writing 65 MB a case);
 * loading in fresh JVMs, because a JVM loads the library once and this one may have already.
 */
class OpenCvNativeTest {

    private static final String SMALL = "/nu/pattern/opencv/linux/x86_64/README.md";

    @TempDir
    Path cache;

    @Test
    void theCopyHasTheResourceBytesAndIsReusedNotRewritten() throws IOException {
        Path copy = OpenCvNative.cachedCopy(SMALL, cache);
        assertArrayEquals(bytes(SMALL), Files.readAllBytes(copy));
        assertEquals("README.md", copy.getFileName().toString());
        assertTrue(copy.startsWith(cache.resolve("opencv")), copy.toString());
        // set back a minute, so a rewrite shows even within the clock's resolution
        FileTime past = FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() - 60_000);
        Files.setLastModifiedTime(copy, past);
        Object inode = Files.readAttributes(copy, BasicFileAttributes.class).fileKey();

        assertEquals(copy, OpenCvNative.cachedCopy(SMALL, cache));
        assertEquals(past, Files.getLastModifiedTime(copy));
        assertEquals(inode, Files.readAttributes(copy, BasicFileAttributes.class).fileKey());
        assertEquals(List.of(copy), files(copy.getParent()));
    }

    @Test
    void aTruncatedOrAlteredCopyIsReplaced() throws IOException {
        Path copy = OpenCvNative.cachedCopy(SMALL, cache);
        byte[] whole = Files.readAllBytes(copy);
        Files.write(copy, Arrays.copyOf(whole, whole.length / 2));
        assertArrayEquals(whole, Files.readAllBytes(OpenCvNative.cachedCopy(SMALL, cache)));

        byte[] altered = whole.clone();
        altered[0] ^= 1; // same size, other bytes
        Files.write(copy, altered);
        assertArrayEquals(whole, Files.readAllBytes(OpenCvNative.cachedCopy(SMALL, cache)));
        assertEquals(List.of(copy), files(copy.getParent()));
    }

    @Test
    void partialCopiesOfKilledJvmsAreDeletedButNotThoseBeingWritten() throws IOException {
        Path copy = OpenCvNative.cachedCopy(SMALL, cache);
        Path abandoned = Files.writeString(copy.resolveSibling("README.md1.part"), "killed while copying");
        Files.setLastModifiedTime(abandoned, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path writing = Files.writeString(copy.resolveSibling("README.md2.part"), "still copying");
        Files.delete(copy);

        OpenCvNative.cachedCopy(SMALL, cache);
        assertEquals(List.of(copy, writing), files(copy.getParent()));
    }

    @Test
    void theFolderNamesTheLibrarysCrcAndSize() throws IOException {
        String library = OpenCvNative.resource(System.getProperty("os.name"), System.getProperty("os.arch"));
        // what openpnp 4.9.0-0 loads on this machine, and its CRC-32 and size in the jar's listing
        assertEquals("/nu/pattern/opencv/linux/x86_64/libopencv_java490.so", library);
        // openpnp's folders for other platforms (the file name is this platform's)
        assertTrue(OpenCvNative.resource("Mac OS X", "aarch64").startsWith("/nu/pattern/opencv/osx/ARMv8/"));
        assertTrue(OpenCvNative.resource("Windows 11", "amd64").startsWith("/nu/pattern/opencv/windows/x86_64/"));
        assertTrue(OpenCvNative.resource("Linux", "arm").startsWith("/nu/pattern/opencv/linux/ARMv7/"));
        Path copy = OpenCvNative.cachedCopy(library, cache);
        assertEquals(cache.resolve("opencv/5c0632af-65304272/libopencv_java490.so"), copy);
        try (InputStream jar = nu.pattern.OpenCV.class.getResourceAsStream(library);
                InputStream file = Files.newInputStream(copy)) {
            assertArrayEquals(jar.readAllBytes(), file.readAllBytes());
        }
    }

    @Test
    void whatLoadFallsBackOnIsAnError() throws IOException {
        Path file = Files.writeString(cache.resolve("file"), "a regular file");
        Path underAFile = file.resolve("cache");
        IOException e = assertThrows(IOException.class, () -> OpenCvNative.cachedCopy(SMALL, underAFile));
        assertTrue(e.toString().contains(file.toString()), e.toString());
        assertThrows(IOException.class, () -> OpenCvNative.resource("SunOS", "sparcv9"));
        assertThrows(IOException.class, () -> OpenCvNative.resource("Linux", "ppc64le"));
        // openpnp 4.9.0-0 has no 32-bit x86 library for Linux
        assertThrows(IOException.class, () -> OpenCvNative.cachedCopy(OpenCvNative.resource("Linux", "i386"), cache));
    }

    @Test
    void cacheDirSettingsInOrder() {
        assertEquals(Path.of("/p"), OpenCvNative.cacheDir("/p", "/e", "/x", "/home/u"));
        assertEquals(Path.of("/e"), OpenCvNative.cacheDir(null, "/e", "/x", "/home/u"));
        assertEquals(Path.of("/x/jyolo"), OpenCvNative.cacheDir(" ", "", "/x", "/home/u"));
        assertEquals(Path.of("/home/u/.cache/jyolo"), OpenCvNative.cacheDir(null, null, "relative", "/home/u"));
        assertEquals(Path.of("/home/u/.cache/jyolo"), OpenCvNative.cacheDir(null, null, null, "/home/u"));
    }

    /** Three JVMs started together on an empty cache: one whole copy, each loaded from it. */
    @Test
    void jvmsStartingTogetherShareOneCopy() throws Exception {
        List<Process> jvms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jvms.add(child(cache.toString()).start());
        }
        Path library = cache.resolve("opencv/5c0632af-65304272/libopencv_java490.so");
        for (Process jvm : jvms) {
            String[] outErr = finish(jvm);
            assertEquals(library.toString(), outErr[0].strip(), outErr[1]);
            assertFalse(outErr[1].contains("WARNING"), outErr[1]);
        }
        assertEquals(List.of(library), files(library.getParent()));
    }

    /** A cache that cannot be made: one log line, then openpnp's temporary folder, as before. */
    @Test
    void aJvmWhoseCacheCannotBeMadeLoadsAsBefore() throws Exception {
        Path file = Files.writeString(cache.resolve("file"), "a regular file");
        String[] outErr = finish(child(file.resolve("cache").toString()).start());
        assertTrue(outErr[0].strip().matches(".*/opencv_openpnp\\d+/.*libopencv_java490\\.so"), outErr[0]);
        List<String> warnings = outErr[1].lines().filter(l -> l.startsWith("WARNING:")).toList();
        assertEquals(1, warnings.size(), outErr[1]);
        assertTrue(warnings.get(0).contains("OpenCV library not loaded from the cache (") && warnings.get(0)
                .contains(file.toString()), warnings.get(0));
    }

    /** Loads OpenCV, checks it runs and prints the file the library was mapped from. */
    public static final class Child {

        public static void main(String[] args) throws IOException {
            OpenCv.load();
            org.opencv.core.Mat eye = org.opencv.core.Mat.eye(3, 3, org.opencv.core.CvType.CV_8UC1);
            if (org.opencv.core.Core.countNonZero(eye) != 3) {
                throw new AssertionError("OpenCV does not compute");
            }
            try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
                maps.filter(l -> l.contains("libopencv_java")).map(l -> l.substring(l.indexOf('/'))).distinct()
                        .forEach(System.out::println);
            }
        }
    }

    private static ProcessBuilder child(String cacheDir) {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Djyolo.cacheDir=" + cacheDir, "-cp",
                System.getProperty("java.class.path"), Child.class.getName());
        pb.environment().remove("JYOLO_CACHE_DIR");
        return pb;
    }

    private static String[] finish(Process jvm) throws Exception {
        jvm.getOutputStream().close();
        assertTrue(jvm.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(jvm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, jvm.exitValue(), err);
        return new String[] {out, err};
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = nu.pattern.OpenCV.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
