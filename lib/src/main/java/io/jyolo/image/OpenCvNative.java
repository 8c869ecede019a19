package io.jyolo.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * The OpenCV native library of the openpnp jar, unpacked once per user and loaded from there.
 *
 * <p>Why not openpnp's own loader: it copies the 65 MB library into a new {@code
 * /tmp/opencv_openpnp*} folder in every JVM (0.4 s) and deletes it only at a normal exit, so every
 * killed notebook kernel, test fork or crash left 65 MB behind. Here the copy is {@code
 * <cache>/opencv/<crc32>-<size>/<library>}, the cache being {@code jyolo.cacheDir}, else {@code
 * JYOLO_CACHE_DIR}, else {@code $XDG_CACHE_HOME/jyolo}, else {@code ~/.cache/jyolo}. The folder is
 * named by the CRC-32 and size the jar records for the entry, so another jar never reuses a stale
 * copy and naming reads nothing; reuse checks the copy's size and CRC-32 (about 30 ms in a fresh
 * JVM), where a SHA-256 of the resource would cost as much as the extraction it saves (0.4 s).
 *
 * <p>JVMs starting together (loader test forks, kernels) each write their own temporary file in
 * that folder and link it into place: a reader sees no copy or a whole one, and a whole copy is never
 * replaced under a process that has it mapped. Whatever fails (read-only home, a
 * platform the jar has no library for, a cache on a noexec mount) logs one line and leaves the
 * loading to openpnp's temporary folder, as before.
 */
final class OpenCvNative {

    private static final System.Logger LOG = System.getLogger(OpenCvNative.class.getName());
    /** A temporary copy this old was left by a JVM killed while extracting (extracting takes under a second). */
    private static final Duration ABANDONED = Duration.ofMinutes(10);

    private OpenCvNative() {
    }

    /** Loads the library from the cache, or through openpnp's temporary folder when that fails. */
    static void load() {
        try {
            String resource = resource(System.getProperty("os.name"), System.getProperty("os.arch"));
            System.load(cachedCopy(resource, cacheDir()).toString());
            return;
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            LOG.log(System.Logger.Level.WARNING, () -> "OpenCV library not loaded from the cache (" + e
                    + "); openpnp extracts it to a temporary folder instead");
        }
        nu.pattern.OpenCV.loadLocally();
    }

    /** jyolo's cache folder (see the class comment); the library goes under its {@code opencv/}. */
    static Path cacheDir() {
        return cacheDir(System.getProperty("jyolo.cacheDir"), System.getenv("JYOLO_CACHE_DIR"),
                System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
    }

    static Path cacheDir(String property, String environment, String xdgCacheHome, String home) {
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        if (environment != null && !environment.isBlank()) {
            return Path.of(environment);
        }
        // the XDG specification has relative values ignored
        if (xdgCacheHome != null && !xdgCacheHome.isBlank() && Path.of(xdgCacheHome).isAbsolute()) {
            return Path.of(xdgCacheHome, "jyolo");
        }
        return Path.of(home, ".cache", "jyolo");
    }

    /** The jar resource openpnp loads for this {@code os.name} and {@code os.arch} (its folder names, its matching). */
    static String resource(String osName, String osArch) throws IOException {
        String os = osName.matches("[Ll]inux") ? "linux" : osName.matches("[Mm]ac OS X") ? "osx"
                : osName.matches("[Ww]indows.*") ? "windows" : null;
        String arch = switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "ARMv8";
            case "arm" -> "ARMv7";
            case "i386", "i686", "x86" -> "x86_32";
            default -> null;
        };
        if (os == null || arch == null) {
            throw new IOException("the openpnp jar has no OpenCV library for " + osName + " " + osArch);
        }
        // Core's static fields are plain Java: reading one does not need the library
        String file = System.mapLibraryName(org.opencv.core.Core.NATIVE_LIBRARY_NAME);
        return "/nu/pattern/opencv/" + os + "/" + arch + "/" + file;
    }

    /**
     * The copy of {@code resource} (a resource of the openpnp jar) under {@code cacheDir}: the one
     * there if it is whole, else a fresh one.
     */
    static Path cachedCopy(String resource, Path cacheDir) throws IOException {
        URL url = nu.pattern.OpenCV.class.getResource(resource);
        if (url == null) {
            throw new IOException(resource + " is not on the class path");
        }
        Checksum expected = entryChecksum(url);
        Path dir = cacheDir.resolve("opencv").resolve(Long.toHexString(expected.crc) + "-" + expected.size);
        Path library = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        if (expected.matches(library)) {
            return library;
        }
        Files.createDirectories(dir);
        deleteAbandoned(dir);
        Path part = Files.createTempFile(dir, library.getFileName().toString(), ".part");
        try {
            try (InputStream in = nu.pattern.OpenCV.class.getResourceAsStream(resource);
                    OutputStream out = Files.newOutputStream(part)) {
                if (!expected.equals(Checksum.of(in, out))) {
                    throw new IOException("the copy of " + url + " does not match the jar's CRC-32 and size");
                }
            }
            publish(part, library, expected);
        } finally {
            Files.deleteIfExists(part);
        }
        return library;
    }

    /**
     * Puts the checked copy {@code part} in place as {@code library}. A hard link never replaces a file, so
     * a whole copy that another JVM starting at the same time put there first (and may have mapped) is
     * kept; a damaged one is replaced by an atomic move, as is everything on a file system without links.
     */
    private static void publish(Path part, Path library, Checksum expected) throws IOException {
        try {
            Files.createLink(library, part);
            return;
        } catch (FileAlreadyExistsException e) {
            if (expected.matches(library)) {
                return;
            }
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links here: move
        }
        try {
            Files.move(part, library, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // another JVM moved its copy in first, which Windows does not let anyone replace while it is loaded
            if (!expected.matches(library)) {
                throw e;
            }
        }
    }

    /** The CRC-32 and size the jar's directory records for the entry, or those of the bytes elsewhere. */
    private static Checksum entryChecksum(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
            jar.setUseCaches(false); // a JarFile of our own, closed below, not one kept open for the JVM's life
            try {
                ZipEntry entry = jar.getJarEntry();
                if (entry.getCrc() != -1 && entry.getSize() != -1) {
                    return new Checksum(entry.getCrc(), entry.getSize());
                }
            } finally {
                jar.getJarFile().close();
            }
        }
        try (InputStream in = url.openStream()) {
            return Checksum.of(in, OutputStream.nullOutputStream());
        }
    }

    /** Deletes the temporary copies that JVMs killed while extracting left in {@code dir}. */
    private static void deleteAbandoned(Path dir) throws IOException {
        FileTime before = FileTime.from(Instant.now().minus(ABANDONED));
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*.part")) {
            for (Path part : parts) {
                try {
                    if (Files.getLastModifiedTime(part).compareTo(before) < 0) {
                        Files.deleteIfExists(part);
                    }
                } catch (IOException e) {
                    // another JVM's to delete
                }
            }
        }
    }

    private record Checksum(long crc, long size) {

        /** Those of {@code in}'s bytes, copied to {@code out} on the way (64 KB reads: half the time of 8 KB ones). */
        static Checksum of(InputStream in, OutputStream out) throws IOException {
            CRC32 crc = new CRC32();
            byte[] buffer = new byte[1 << 16];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; size += n) {
                crc.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            return new Checksum(crc.getValue(), size);
        }

        /** Whether {@code file} is a regular file with these bytes. */
        boolean matches(Path file) throws IOException {
            if (!Files.isRegularFile(file) || Files.size(file) != size) {
                return false;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return equals(of(in, OutputStream.nullOutputStream()));
            }
        }
    }
}
