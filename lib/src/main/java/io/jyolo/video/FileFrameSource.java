package io.jyolo.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Frames of a video file (MP4, AVI, MKV, ... with any codec the bundled FFmpeg decodes,
 * H.264 included), decoded by JavaCV's {@link FFmpegFrameGrabber}.
 *
 * <p>Opening decodes the first frame, so a file that cannot yield a single frame fails at
 * {@link #open} with a one-line message rather than later. Damaged frames are skipped and
 * counted (see {@link FrameSource#skippedCorrupt()}); a file that stops early (truncated)
 * simply ends, and the frames its header promised but that never came are counted too.
 */
final class FileFrameSource implements FrameSource {

    private static final System.Logger LOG = System.getLogger(FileFrameSource.class.getName());
    /** Consecutive grabber exceptions after which the file is declared unreadable. */
    private static final int MAX_CONSECUTIVE_ERRORS = 25;

    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final VideoInfo info;
    private final int frameStep;

    private VideoFrame peeked;
    private long decoded;
    private long damaged;
    private long missing;
    private EndReason endReason;
    private boolean closed;

    private FileFrameSource(Path file, FFmpegFrameGrabber grabber, VideoInfo info, int frameStep) {
        this.file = file;
        this.grabber = grabber;
        this.info = info;
        this.frameStep = frameStep;
    }

    static FileFrameSource open(Path file, int frameStep) throws VideoException {
        if (frameStep < 1) {
            throw new IllegalArgumentException("frame step must be at least 1, got " + frameStep);
        }
        checkFile(file);
        Ffmpeg.init();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toString());
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release(grabber);
            String problem = Ffmpeg.diagnose(file);
            throw new VideoException(file.toString(), "cannot open video " + file + ": "
                    + (problem != null ? problem : Ffmpeg.firstLine(e)), e);
        }
        if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
            release(grabber);
            String problem = Ffmpeg.diagnose(file);
            throw new VideoException(file.toString(), "cannot open video " + file + ": "
                    + (problem != null ? problem : "no video stream"));
        }
        long nbFrames = grabber.getFormatContext().streams(grabber.getVideoStream()).nb_frames();
        VideoInfo info = new VideoInfo(file.toString(), grabber.getImageWidth(), grabber.getImageHeight(),
                Math.max(0, grabber.getVideoFrameRate()), nbFrames > 0 ? nbFrames : -1,
                grabber.getLengthInTime() > 0 ? grabber.getLengthInTime() : -1,
                String.valueOf(grabber.getVideoCodecName()));
        FileFrameSource source = new FileFrameSource(file, grabber, info, frameStep);
        try {
            source.peeked = source.decodeNext(true);
        } catch (VideoException | RuntimeException e) {
            source.close();
            throw e;
        }
        if (source.peeked == null) {
            source.close();
            throw new VideoException(file.toString(), "cannot read video " + file + ": no decodable video frames ("
                    + (info.hasDeclaredFrameCount() ? "the container declares " + info.declaredFrameCount()
                    + ", all damaged)" : "the video is empty or every frame is damaged)"));
        }
        return source;
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
        long n = info.expectedFrameCount();
        return n < 0 ? -1 : (n + frameStep - 1) / frameStep;
    }

    @Override
    public Optional<VideoFrame> next() throws VideoException {
        if (endReason != null) {
            return Optional.empty();
        }
        if (closed) {
            throw new IllegalStateException("frame source " + file + " is closed");
        }
        if (Thread.currentThread().isInterrupted()) {
            endReason = EndReason.INTERRUPTED;
            return Optional.empty();
        }
        if (peeked != null) {
            VideoFrame first = peeked;
            peeked = null;
            return Optional.of(first);
        }
        VideoFrame frame = decodeNext(false);
        if (frame == null) {
            endOfFile();
            return Optional.empty();
        }
        return Optional.of(frame);
    }

    @Override
    public long skippedCorrupt() {
        return damaged + missing;
    }

    @Override
    public Optional<EndReason> endReason() {
        return Optional.ofNullable(endReason);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (endReason == null) {
            endReason = EndReason.END_OF_STREAM;
        }
        release(grabber);
        if (damaged + missing > 0) {
            LOG.log(Level.WARNING, "{0}: skipped {1} frame(s): {2} decoded with errors, {3} declared by the container"
                    + " but never decoded (corrupt or truncated data)", file, damaged + missing, damaged, missing);
        }
    }

    /**
     * Decodes until the next undamaged frame whose index is a multiple of the frame step and
     * converts it; {@code null} at the end of the file.
     */
    private VideoFrame decodeNext(boolean first) throws VideoException {
        int consecutiveErrors = 0;
        while (true) {
            Frame frame;
            try {
                frame = grabber.grabImage();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                damaged++;
                if (++consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
                    throw new VideoException(file.toString(), "cannot read video " + file + ": decoding failed "
                            + consecutiveErrors + " times in a row after frame " + decoded + " (" + Ffmpeg.firstLine(e) + ")", e);
                }
                LOG.log(Level.DEBUG, "{0}: frame after {1} could not be decoded: {2}", file, decoded, Ffmpeg.firstLine(e));
                continue;
            }
            if (frame == null) {
                return null;
            }
            if (frame.image == null) {
                continue;
            }
            consecutiveErrors = 0;
            long index = decoded++;
            if (DecodeErrors.lastFrameDamaged(grabber)) {
                damaged++;
                LOG.log(Level.DEBUG, "{0}: frame {1} decoded with errors, skipped", file, index);
                continue;
            }
            if (!first && index % frameStep != 0) {
                continue;
            }
            return new VideoFrame(toBgrImage(frame), index, frame.timestamp);
        }
    }

    private void endOfFile() {
        endReason = EndReason.END_OF_STREAM;
        if (info.declaredFrameCount() > decoded) {
            missing = info.declaredFrameCount() - decoded;
        }
    }

    /** Copies the grabber's BGR24 buffer (reused for every frame) into a new compact TYPE_3BYTE_BGR image. */
    static BufferedImage toBgrImage(Frame frame) {
        if (frame.imageChannels != 3 || frame.imageDepth != Frame.DEPTH_UBYTE) {
            throw new IllegalStateException("expected an 8-bit 3-channel frame, got " + frame.imageChannels
                    + " channels of depth " + frame.imageDepth);
        }
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        ByteBuffer src = (ByteBuffer) frame.image[0];
        int rowBytes = w * 3;
        int stride = frame.imageStride;
        if (stride == rowBytes) {
            src.get(0, dst, 0, rowBytes * h);
        } else {
            for (int y = 0; y < h; y++) {
                src.get(y * stride, dst, y * rowBytes, rowBytes);
            }
        }
        return image;
    }

    private static void checkFile(Path file) throws VideoException {
        String problem = null;
        if (!Files.exists(file)) {
            problem = "file does not exist";
        } else if (Files.isDirectory(file)) {
            problem = "is a directory, not a video file";
        } else if (!Files.isReadable(file)) {
            problem = "file is not readable (permissions)";
        } else {
            try {
                if (Files.size(file) == 0) {
                    problem = "file is empty";
                }
            } catch (java.io.IOException e) {
                problem = "cannot read file: " + e.getMessage();
            }
        }
        if (problem != null) {
            throw new VideoException(file.toString(), "cannot open video " + file + ": " + problem);
        }
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing the grabber failed: {0}", Ffmpeg.firstLine(e));
        }
    }
}
