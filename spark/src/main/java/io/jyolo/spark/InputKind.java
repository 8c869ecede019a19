package io.jyolo.spark;

import io.jyolo.image.Images;
import java.util.Locale;
import java.util.Set;

/** Whether an input is read as one image or split into video frames, told by its file name extension. */
public enum InputKind {
    IMAGE, VIDEO;

    /** The extensions {@code jyolo detect} reads as images; anything else is opened as a video. */
    private static final Set<String> IMAGES = Images.EXTENSIONS;
    /** Extensions a folder listing takes as videos (a folder may hold other files, which are left out). */
    private static final Set<String> VIDEOS = Set.of("mp4", "avi", "mov", "mkv", "webm", "m4v", "mpg", "mpeg");

    /** The kind of the file at {@code path} (a path or URI): an image by extension, else a video. */
    public static InputKind of(String path) {
        return IMAGES.contains(extension(path)) ? IMAGE : VIDEO;
    }

    /** Whether a folder listing takes the file: an image or a known video extension. */
    static boolean listed(String path) {
        String e = extension(path);
        return IMAGES.contains(e) || VIDEOS.contains(e);
    }

    private static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }
}
