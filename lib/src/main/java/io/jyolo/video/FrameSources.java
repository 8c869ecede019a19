package io.jyolo.video;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens frame sources from the strings users type: a file path, {@code camera:N},
 * {@code camera:/dev/videoN}, {@code camera} (device 0) or a {@code /dev/videoN} path.
 *
 * <p>Every source opened here, camera or file, honours frame limits, durations and thread
 * interruption the same way, so a detector loop written against {@link FrameSource} needs
 * no special case for cameras.
 */
public final class FrameSources {

    private static final Pattern CAMERA_INDEX = Pattern.compile("camera(?::(\\d+))?");
    private static final Pattern VIDEO_DEVICE = Pattern.compile("/dev/video\\d+");

    private FrameSources() {
    }

    /** Opens {@code spec} with every frame and no limits. */
    public static FrameSource open(String spec) throws VideoException {
        return open(spec, FrameSourceOptions.defaults());
    }

    /** Opens {@code spec} (file or camera, see the class comment) with the given frame step and limits. */
    public static FrameSource open(String spec, FrameSourceOptions options) throws VideoException {
        Optional<String> camera = cameraDevice(spec);
        return camera.isPresent() ? openCamera(camera.get(), options) : openFile(Path.of(spec.trim()), options);
    }

    /** Opens a video file. */
    public static FrameSource openFile(Path file, FrameSourceOptions options) throws VideoException {
        return bounded(FileFrameSource.open(file, options.frameStep()), options);
    }

    /** Opens a V4L2 camera by device path, e.g. {@code /dev/video0}. */
    public static FrameSource openCamera(String device, FrameSourceOptions options) throws VideoException {
        return bounded(CameraFrameSource.open(device, options.frameStep()), options);
    }

    /**
     * {@code source} stopped after {@code maxFrames} delivered frames (0 = no limit) and/or
     * {@code maxDuration} of media time ({@code null} = no limit). Closing it closes {@code source}.
     */
    public static FrameSource bounded(FrameSource source, long maxFrames, Duration maxDuration) {
        return new BoundedFrameSource(source, maxFrames, maxDuration);
    }

    /** The device path if {@code spec} names a camera, e.g. {@code camera:1 -> /dev/video1}. */
    public static Optional<String> cameraDevice(String spec) {
        String s = spec.trim();
        Matcher m = CAMERA_INDEX.matcher(s);
        if (m.matches()) {
            return Optional.of("/dev/video" + (m.group(1) == null ? "0" : m.group(1)));
        }
        if (s.startsWith("camera:") && s.length() > "camera:".length()) {
            return Optional.of(s.substring("camera:".length()));
        }
        if (VIDEO_DEVICE.matcher(s).matches()) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    private static FrameSource bounded(FrameSource source, FrameSourceOptions options) {
        return options.limited() ? bounded(source, options.maxFrames(), options.maxDuration()) : source;
    }
}
