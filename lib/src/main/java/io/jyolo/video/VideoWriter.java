package io.jyolo.video;

import io.jyolo.image.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes frames (for example with detections drawn on them) to a video file, MP4 by default,
 * with JavaCV's {@link FFmpegFrameRecorder}.
 *
 * <p>The container follows the file extension ({@code .mp4}, {@code .avi}, {@code .mkv}).
 * The codec is H.264 when the bundled FFmpeg can encode it (it can: OpenH264) and MPEG-4
 * part 2 otherwise; see {@link VideoCodec}. Frames are encoded as yuv420p, which needs
 * even sizes: an odd width or height is rounded up and the frame scaled by that one pixel.
 * The file is complete only after {@link #close()}.
 */
public final class VideoWriter implements AutoCloseable {

    private final Path file;
    private final int width;
    private final int height;
    private final double fps;
    private final VideoCodec codec;
    private final FFmpegFrameRecorder recorder;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();

    private long written;
    private boolean closed;

    private VideoWriter(Path file, int width, int height, double fps, VideoCodec codec, FFmpegFrameRecorder recorder) {
        this.file = file;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.codec = codec;
        this.recorder = recorder;
    }

    /** Starts configuring a writer to {@code file}. */
    public static Builder to(Path file) {
        return new Builder(file);
    }

    /** A writer with the size of {@code source}'s frames and its output fps (declared fps / frame step). */
    public static VideoWriter forSource(Path file, FrameSource source) throws VideoException {
        double fps = source.outputFps() > 0 ? source.outputFps() : 25;
        return to(file).size(source.info().width(), source.info().height()).fps(fps).open();
    }

    /** Encodes one frame; it must have the size this writer was opened with (any image type). */
    public void write(BufferedImage frame) throws VideoException {
        if (closed) {
            throw new IllegalStateException("video writer for " + file + " is closed");
        }
        if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("frame is " + frame.getWidth() + "x" + frame.getHeight()
                    + " but " + file + " is being written at " + width + "x" + height);
        }
        try {
            recorder.record(converter.convert(Images.toBgr(frame)), avutil.AV_PIX_FMT_BGR24);
            written++;
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new VideoException(file.toString(), "cannot write frame " + written + " to " + file + ": "
                    + Ffmpeg.firstLine(e), e);
        }
    }

    public Path file() {
        return file;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public double fps() {
        return fps;
    }

    /** The codec actually used (never AUTO). */
    public VideoCodec codec() {
        return codec;
    }

    /** The FFmpeg encoder, e.g. {@code libopenh264} or {@code mpeg4}. */
    public String encoderName() {
        return codec.encoderName();
    }

    public long framesWritten() {
        return written;
    }

    /** Flushes the encoder and writes the container index; safe to call more than once. */
    @Override
    public void close() throws VideoException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            recorder.close();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new VideoException(file.toString(), "cannot finish video " + file + ": " + Ffmpeg.firstLine(e), e);
        } finally {
            converter.close();
        }
    }

    /** Configuration of a {@link VideoWriter}. */
    public static final class Builder {
        private final Path file;
        private int width;
        private int height;
        private double fps = 25;
        private VideoCodec codec = VideoCodec.AUTO;

        private Builder(Path file) {
            this.file = file;
        }

        /** Frame size in pixels (required). */
        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        /** Frames per second (default 25). */
        public Builder fps(double fps) {
            this.fps = fps;
            return this;
        }

        public Builder codec(VideoCodec codec) {
            this.codec = codec;
            return this;
        }

        public VideoWriter open() throws VideoException {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
            }
            if (!(fps > 0) || Double.isInfinite(fps)) {
                throw new IllegalArgumentException("fps must be positive, got " + fps);
            }
            Ffmpeg.init();
            if (avformat.av_guess_format(null, file.getFileName().toString(), null) == null) {
                throw new VideoException(file.toString(), "cannot write video " + file
                        + ": FFmpeg knows no container for this file extension (use .mp4, .avi or .mkv)");
            }
            VideoCodec resolved = codec.resolve();
            if (!resolved.available()) {
                throw new VideoException(file.toString(), "cannot write video " + file + ": the bundled FFmpeg has no "
                        + resolved + " encoder");
            }
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new VideoException(file.toString(), "cannot write video " + file + ": " + e.getMessage(), e);
            }
            int encW = width + (width & 1);
            int encH = height + (height & 1);
            FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), encW, encH, 0);
            recorder.setVideoCodec(resolved.ffmpegId());
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
            recorder.setVideoBitrate(defaultBitrate(encW, encH, fps));
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith(".mp4") || name.endsWith(".m4v") || name.endsWith(".mov")) {
                recorder.setOption("movflags", "+faststart"); // index first: plays while loading in a browser/notebook
            }
            try {
                recorder.start();
            } catch (FrameRecorder.Exception | RuntimeException e) {
                try {
                    recorder.release(); // not close(): after a failed start, JavaCV's stop() crashes in av_write_frame
                } catch (FrameRecorder.Exception | RuntimeException ignored) {
                    // the start failure is what the user needs to see
                }
                throw new VideoException(file.toString(), "cannot write video " + file + ": "
                        + Ffmpeg.firstLine(e), e);
            }
            return new VideoWriter(file, width, height, fps, resolved, recorder);
        }

        /** 0.2 bits per pixel per frame, at least 500 kbit/s: clean enough to judge drawn boxes. */
        static int defaultBitrate(int w, int h, double fps) {
            return (int) Math.min(50_000_000L, Math.max(500_000L, Math.round(w * (double) h * fps * 0.2)));
        }
    }
}
