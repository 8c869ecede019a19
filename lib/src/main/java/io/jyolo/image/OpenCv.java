package io.jyolo.image;

/**
 * Loads the OpenCV native library (bundled in the openpnp jar) once, on first use.
 *
 * <p>Loading extracts a 65 MB library to a temporary folder, so it is done lazily: code
 * that never touches OpenCV never pays for it. Every class that calls into OpenCV calls
 * {@link #load()} first; repeated calls are free.
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
                nu.pattern.OpenCV.loadLocally();
                loaded = true;
            }
        }
    }
}
