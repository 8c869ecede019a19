package io.jyolo.image;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * JPEG decoding through libjpeg-turbo's TurboJPEG library, when one is installed: faster than ImageIO
 * (numbers in {@code bench/results/image-pipeline.md}), with the same pixels.
 *
 * <p>Why: decoding is most of what the data loader spends on a sample it has not decoded before (a
 * dataset's first epoch, or every epoch of one larger than the decoded-image cache), and the loader's
 * images per second per core decide how many cores a GPU needs. The JDK's ImageIO decodes with libjpeg
 * 6b in plain C, and the OpenCV build jyolo uses was compiled without libjpeg-turbo's SIMD code; the
 * TurboJPEG library of Linux distributions has it. Its default decoder (accurate integer IDCT, smooth
 * chroma upsampling) gives ImageIO's pixels bit for bit on the VOC sample ({@code TurboJpegTest}).
 *
 * <p>Damage policy unchanged: decoding stops at libjpeg's first warning ("Corrupt JPEG data",
 * "Premature end of JPEG file", ...), where ImageIO would return concealed pixels. Any failure returns
 * null, and {@link ImageDecoder} then decodes with ImageIO, which names the problem exactly as it
 * does on a machine without TurboJPEG (and hands CMYK JPEGs, which TurboJPEG cannot turn into BGR, to
 * OpenCV).
 *
 * <p>Where the library comes from: {@code jyolo.turbojpeg} (system property) or {@code JYOLO_TURBOJPEG}
 * naming the library file, or {@code off}; else {@code <jyolo cache>/turbojpeg/libturbojpeg.so.0},
 * where {@code environment/setup.sh} unpacks Debian's {@code libturbojpeg0} package (with its licence);
 * else the system's ({@code apt install libturbojpeg0}, {@code brew install jpeg-turbo}). Without one,
 * ImageIO decodes, as before; a log line says so once.
 */
final class TurboJpeg {

    static final String PROPERTY = "jyolo.turbojpeg";
    static final String ENVIRONMENT = "JYOLO_TURBOJPEG";
    private static final System.Logger LOG = System.getLogger(TurboJpeg.class.getName());
    private static final int PF_BGR = 1;
    private static final int FLAG_STOPONWARNING = 8192;
    private static final Object LOCK = new Object();
    private static volatile Boolean loaded;
    private static volatile String decoder = "not loaded yet";

    private TurboJpeg() {
    }

    /** Whether decoding goes through TurboJPEG in this JVM (loads the library on the first call). */
    static boolean available() {
        Boolean l = loaded;
        if (l == null) {
            synchronized (LOCK) {
                l = loaded;
                if (l == null) {
                    l = load(setting());
                    loaded = l;
                }
            }
        }
        return l;
    }

    /** Which decoder JPEGs go through, and why: "TurboJPEG (library)" or "ImageIO (reason)". */
    static String decoder() {
        available();
        return decoder;
    }

    /** {@code jyolo.turbojpeg}, else {@code JYOLO_TURBOJPEG}, else null. */
    private static String setting() {
        String s = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * The library for {@code setting} (a file, {@code off}, or null for the cache's copy, then the
     * system's), or null when there is none to load.
     */
    static String libraryFor(String setting, Path cacheDir) {
        if (setting != null) {
            return switch (setting.toLowerCase(Locale.ROOT)) {
                case "off", "false", "no", "none", "0" -> null;
                default -> setting;
            };
        }
        Path cached = cacheDir.resolve("turbojpeg").resolve(System.mapLibraryName("turbojpeg") + ".0");
        return Files.isRegularFile(cached) ? cached.toString() : "turbojpeg";
    }

    private static boolean load(String setting) {
        String library = libraryFor(setting, OpenCvNative.cacheDir());
        if (library == null) {
            decoder = "ImageIO (TurboJPEG turned off by " + PROPERTY + " / " + ENVIRONMENT + ")";
            LOG.log(System.Logger.Level.INFO, "JPEGs are decoded by " + decoder);
            return false;
        }
        try {
            NativeLibrary found = NativeLibrary.getInstance(library);
            Native.register(Lib.class, found);
            decoder = "TurboJPEG (" + found.getFile() + ")";
            LOG.log(System.Logger.Level.DEBUG, () -> "JPEGs are decoded by " + decoder);
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            decoder = "ImageIO (TurboJPEG not found: " + library + ")";
            LOG.log(setting != null ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "TurboJPEG not found ("
                    + library + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "): ImageIO "
                    + "decodes JPEGs, more slowly; environment/setup.sh installs TurboJPEG, or install libturbojpeg0");
            return false;
        }
    }

    /**
     * {@code jpeg} decoded as a {@code TYPE_3BYTE_BGR} image (grayscale replicated to three channels),
     * or null when TurboJPEG is not available or stops at an error or warning.
     */
    static BufferedImage decode(byte[] jpeg) {
        return available() ? run(jpeg).image() : null;
    }

    /** Why TurboJPEG does not decode {@code jpeg} (its error or warning), or null when it does; for tests. */
    static String problem(byte[] jpeg) {
        return available() ? run(jpeg).problem() : "TurboJPEG is not available";
    }

    /** A decoded image, or TurboJPEG's message for why not. */
    private record Outcome(BufferedImage image, String problem) {
    }

    private static Outcome run(byte[] jpeg) {
        Pointer handle = Lib.tjInitDecompress();
        if (handle == null) {
            return new Outcome(null, "tjInitDecompress failed");
        }
        try {
            NativeLong size = new NativeLong(jpeg.length);
            int[] width = new int[1];
            int[] height = new int[1];
            if (Lib.tjDecompressHeader3(handle, jpeg, size, width, height, new int[1], new int[1]) != 0) {
                return new Outcome(null, Lib.tjGetErrorStr2(handle));
            }
            if ((long) width[0] * height[0] * 3 > Integer.MAX_VALUE) {
                return new Outcome(null, width[0] + "x" + height[0] + " is too large for one Java array");
            }
            BufferedImage image = new BufferedImage(width[0], height[0], BufferedImage.TYPE_3BYTE_BGR);
            byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            try (Memory out = new Memory(pixels.length)) {
                int flags = FLAG_STOPONWARNING;
                if (Lib.tjDecompress2(handle, jpeg, size, out, width[0], 0, height[0], PF_BGR, flags) != 0) {
                    return new Outcome(null, Lib.tjGetErrorStr2(handle));
                }
                out.read(0, pixels, 0, pixels.length);
            }
            return new Outcome(image, null);
        } finally {
            Lib.tjDestroy(handle);
        }
    }

    /** The TurboJPEG 2 C API functions used here (also exported by libjpeg-turbo 3), directly mapped. */
    private static final class Lib {
        static native Pointer tjInitDecompress();

        static native int tjDecompressHeader3(Pointer handle, byte[] jpeg, NativeLong size, int[] width, int[] height,
                                              int[] subsampling, int[] colourspace);

        static native int tjDecompress2(Pointer handle, byte[] jpeg, NativeLong size, Pointer dst, int width, int pitch,
                                        int height, int pixelFormat, int flags);

        static native String tjGetErrorStr2(Pointer handle);

        static native int tjDestroy(Pointer handle);
    }
}
