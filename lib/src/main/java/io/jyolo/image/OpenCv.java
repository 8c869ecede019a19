package io.jyolo.image;

/**
 * Loads the OpenCV native library (bundled in the openpnp jar) once, on first use.
 *
 * <p>Loading maps a 65 MB library, so it is done lazily: code that never touches OpenCV never
 * pays for it. Every class that calls into OpenCV calls {@link #load()} first; repeated calls are
 * free. The library is unpacked from the jar once per user, into {@code ~/.cache/jyolo/opencv/}
 * ({@code jyolo.cacheDir}, {@code JYOLO_CACHE_DIR} or {@code XDG_CACHE_HOME} move it), and reused by
 * every later JVM ({@code OpenCvNative}): openpnp's loader copies it into a new {@code /tmp} folder
 * in every JVM, and leaves 65 MB behind whenever a JVM is killed.
 *
 * <p>OpenCV runs single-threaded here (its parallel loops on the calling thread; {@code
 * jyolo.opencv.threads} or {@code JYOLO_OPENCV_THREADS} changes it). Why: jyolo's OpenCV calls are
 * per image (resize, warp, colour conversion), and the parallelism is already across images, in the
 * data loader's worker threads, beside libtorch's own threads for the training step. OpenCV's pool
 * (one thread per core by default) would have each worker's warp fan out over every core, competing
 * with the other workers and the step; PyTorch users get the same advice for {@code cv2} in
 * DataLoader workers. A one-worker loader then uses one core, so "images per second per worker"
 * means what it says.
 */
public final class OpenCv {

    private static volatile boolean loaded;

    private OpenCv() {
    }

    /** Loads the native library if this JVM has not loaded it yet. */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (OpenCv.class) {
            if (!loaded) {
                OpenCvNative.load();
                org.opencv.core.Core.setNumThreads(threads());
                loaded = true;
            }
        }
    }

    /** OpenCV's thread count: {@code jyolo.opencv.threads}, else {@code JYOLO_OPENCV_THREADS}, else 1. */
    static int threads() {
        String value = System.getProperty("jyolo.opencv.threads", System.getenv("JYOLO_OPENCV_THREADS"));
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("jyolo.opencv.threads / JYOLO_OPENCV_THREADS must be a whole number >= 1, not '"
                + value + "'");
    }
}
