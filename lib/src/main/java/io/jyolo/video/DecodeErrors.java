package io.jyolo.video;

import java.lang.reflect.Field;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Tells whether the frame the grabber just decoded was flagged as damaged by FFmpeg.
 *
 * <p>JavaCV hides decoding errors: a damaged H.264 or MPEG-4 frame comes back as an
 * ordinary picture with the damage concealed (smeared blocks). FFmpeg marks such frames in
 * {@code AVFrame.decode_error_flags} / {@code AV_FRAME_FLAG_CORRUPT}, but the grabber keeps
 * the decoded AVFrame in a private field, so it is read reflectively. If a future JavaCV
 * renames the field, detection quietly turns off (frames are then never flagged) instead of
 * failing; frames missing altogether are still counted by {@link FileFrameSource}.
 */
final class DecodeErrors {

    private static final int AV_FRAME_FLAG_CORRUPT = 1;
    private static final Field PICTURE = pictureField();

    private DecodeErrors() {
    }

    /** Whether detection works with this JavaCV version. */
    static boolean available() {
        return PICTURE != null;
    }

    /** Whether the picture behind the last frame returned by {@code grabber} was decoded with errors. */
    static boolean lastFrameDamaged(FFmpegFrameGrabber grabber) {
        if (PICTURE == null) {
            return false;
        }
        try {
            AVFrame picture = (AVFrame) PICTURE.get(grabber);
            return picture != null && !picture.isNull()
                    && (picture.decode_error_flags() != 0 || (picture.flags() & AV_FRAME_FLAG_CORRUPT) != 0);
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    private static Field pictureField() {
        try {
            Field f = FFmpegFrameGrabber.class.getDeclaredField("picture");
            if (!AVFrame.class.isAssignableFrom(f.getType())) {
                return null;
            }
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
