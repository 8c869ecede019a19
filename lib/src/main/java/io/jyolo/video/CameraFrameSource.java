package io.jyolo.video;

import io.jyolo.image.Mats;
import io.jyolo.image.OpenCv;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

/**
 * Frames from a V4L2 camera ({@code /dev/videoN}) read with OpenCV's {@link VideoCapture}.
 *
 * <p>OpenCV rather than FFmpeg because the bundled FFmpeg's device library (avdevice, which
 * provides {@code video4linux2}) needs the PulseAudio client library, which many machines and
 * containers lack, while the openpnp OpenCV build has V4L2 compiled in with no extra
 * dependency. Limits and interruption are not handled here but by {@link BoundedFrameSource}
 * and the {@link FrameSource} contract, so they are tested with files.
 */
final class CameraFrameSource implements FrameSource {

    private static final System.Logger LOG = System.getLogger(CameraFrameSource.class.getName());
    /** Failed reads in a row after which the camera is taken to be gone. */
    private static final int MAX_FAILED_READS = 10;
    /** Linux character-device major number of video4linux devices. */
    private static final long V4L_MAJOR = 81;

    private final String device;
    private final VideoCapture capture;
    private final VideoInfo info;
    private final int frameStep;
    private final Mat mat = new Mat();

    private long captured;
    private long firstNanos = -1;
    private EndReason endReason;
    private boolean closed;

    private CameraFrameSource(String device, VideoCapture capture, VideoInfo info, int frameStep) {
        this.device = device;
        this.capture = capture;
        this.info = info;
        this.frameStep = frameStep;
    }

    static CameraFrameSource open(String device, int frameStep) throws VideoException {
        if (frameStep < 1) {
            throw new IllegalArgumentException("frame step must be at least 1, got " + frameStep);
        }
        Path path = Path.of(device);
        if (!Files.exists(path)) {
            throw new VideoException(device, "no camera at " + device + ": device does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new VideoException(device, "no camera at " + device + ": no permission to read the device"
                    + " (is the user in the 'video' group?)");
        }
        if (!isVideoDevice(path)) {
            throw new VideoException(device, "no camera at " + device + ": not a video4linux device");
        }
        OpenCv.load();
        VideoCapture capture = new VideoCapture(device, Videoio.CAP_V4L2);
        if (!capture.isOpened()) {
            capture.release();
            throw new VideoException(device, "no camera at " + device
                    + ": it cannot be opened as a V4L2 capture device (not a camera, or in use by another program)");
        }
        VideoInfo info = new VideoInfo(device, (int) capture.get(Videoio.CAP_PROP_FRAME_WIDTH),
                (int) capture.get(Videoio.CAP_PROP_FRAME_HEIGHT), Math.max(0, capture.get(Videoio.CAP_PROP_FPS)),
                -1, -1, "camera (OpenCV " + capture.getBackendName() + ")");
        return new CameraFrameSource(device, capture, info, frameStep);
    }

    /**
     * Whether {@code path} is a character device with the video4linux major number (81), so that
     * OpenCV is not asked to open files or other devices (it prints warnings when it fails).
     * True when the platform cannot tell.
     */
    private static boolean isVideoDevice(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            long rdev = (Long) Files.getAttribute(path, "unix:rdev");
            boolean charDevice = (mode & 0xF000) == 0x2000;
            long major = ((rdev >> 8) & 0xFFF) | ((rdev >> 32) & ~0xFFFL);
            return charDevice && major == V4L_MAJOR;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return true;
        }
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    @Override
    public int frameStep() {
        return frameStep;
    }

    @Override
    public long expectedFrames() {
        return -1;
    }

    @Override
    public Optional<VideoFrame> next() throws VideoException {
        if (endReason != null) {
            return Optional.empty();
        }
        if (closed) {
            throw new IllegalStateException("camera " + device + " is closed");
        }
        int failed = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                endReason = EndReason.INTERRUPTED;
                return Optional.empty();
            }
            if (!capture.read(mat) || mat.empty()) {
                if (++failed >= MAX_FAILED_READS) {
                    LOG.log(Level.WARNING, "camera {0} stopped delivering frames after {1}", device, captured);
                    endReason = EndReason.END_OF_STREAM;
                    return Optional.empty();
                }
                continue;
            }
            failed = 0;
            long now = System.nanoTime();
            if (firstNanos < 0) {
                firstNanos = now;
            }
            long index = captured++;
            if (index % frameStep != 0) {
                continue;
            }
            if (mat.type() != CvType.CV_8UC3) {
                Imgproc.cvtColor(mat, mat, mat.channels() == 1 ? Imgproc.COLOR_GRAY2BGR : Imgproc.COLOR_BGRA2BGR);
            }
            return Optional.of(new VideoFrame(Mats.toBufferedImage(mat), index, (now - firstNanos) / 1000));
        }
    }

    @Override
    public long skippedCorrupt() {
        return 0;
    }

    @Override
    public Optional<EndReason> endReason() {
        return Optional.ofNullable(endReason);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (endReason == null) {
                endReason = EndReason.END_OF_STREAM;
            }
            capture.release();
            mat.release();
        }
    }
}
