package io.jyolo.detect;

import io.jyolo.predict.Detection;
import io.jyolo.video.FrameSource;
import io.jyolo.video.FrameSourceOptions;
import io.jyolo.video.FrameSources;
import io.jyolo.video.VideoException;
import io.jyolo.video.VideoPipeline;
import io.jyolo.video.VideoProgress;
import io.jyolo.video.VideoSummary;
import io.jyolo.video.VideoWriter;
import io.jyolo.viz.BoxPainter;
import io.jyolo.video.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Detection on every (or every n-th) frame of a video file or a camera, with the annotated frames
 * written to a video file.
 *
 * <p>The loop is {@link VideoPipeline}'s, so it ends the way every jyolo video loop ends: at the
 * end of the file (the PyTorch original crashed there), at a frame or duration limit, or when the thread
 * is interrupted (the original could not be stopped); frames the decoder flags as corrupt are
 * skipped and counted by the source. Files and cameras are the same {@link FrameSource}, so
 * nothing here is camera-specific.
 */
public final class VideoDetection {

    /**
     * The outcome of one run.
     *
     * @param video      frames read, processed, skipped as corrupt, speed and why it ended
     * @param detections total detections over all processed frames
     * @param output     the annotated video written, or null when none was written
     * @param encoder    the FFmpeg encoder used (e.g. {@code libopenh264}), or null
     */
    public record Summary(VideoSummary video, long detections, Path output, String encoder) {

        @Override
        public String toString() {
            return video + String.format(Locale.ROOT, "; %d detections", detections)
                    + (output == null ? "" : " -> " + output + " (" + encoder + ")");
        }
    }

    /**
     * Sees every processed frame with its detections drawn: how a front end shows or keeps frames
     * (a notebook's live view) without a loop of its own.
     */
    @FunctionalInterface
    public interface FrameListener {
        /**
         * @param frame     the frame as read, with its index in the source
         * @param annotated the frame with the detections drawn (the picture written, if writing)
         * @param found     the detections on it
         */
        void frame(VideoFrame frame, BufferedImage annotated, List<Detection> found);
    }

    private VideoDetection() {
    }

    /**
     * Opens {@code input} (a video file, or {@code camera:N}), detects on the frames the options
     * select, and writes the annotated frames to {@code output} (its extension picks the
     * container, its folder is created; null writes nothing). Source and writer are closed before
     * returning, so the file is complete even after an interrupt.
     *
     * @throws VideoException with a one-line message naming the file or device
     */
    public static Summary run(Detector detector, String input, FrameSourceOptions options, Path output,
                              Consumer<VideoProgress> progress) throws VideoException {
        return run(detector, input, options, output, progress, null);
    }

    /** As {@link #run(Detector, String, FrameSourceOptions, Path, Consumer)}, showing every frame to {@code frames}. */
    public static Summary run(Detector detector, String input, FrameSourceOptions options, Path output,
                              Consumer<VideoProgress> progress, FrameListener frames) throws VideoException {
        try (FrameSource source = FrameSources.open(input, options)) {
            if (output == null) {
                return run(detector, source, null, progress, frames);
            }
            Path folder = output.toAbsolutePath().getParent();
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new VideoException(output.toString(), output + ": cannot create its folder " + folder + ": "
                        + e.getMessage(), e);
            }
            try (VideoWriter writer = VideoWriter.forSource(output, source)) {
                return run(detector, source, writer, progress, frames);
            }
        }
    }

    /**
     * Detects on every frame {@code source} delivers and writes annotated frames to {@code writer}
     * (null: detect only). Neither is closed here. Frames are drawn on only when something sees
     * them: the writer or {@code frames} (null: none).
     */
    public static Summary run(Detector detector, FrameSource source, VideoWriter writer,
                              Consumer<VideoProgress> progress, FrameListener frames) throws VideoException {
        Objects.requireNonNull(detector, "detector");
        long[] count = {0};
        VideoSummary summary = VideoPipeline.processFrames(source, frame -> {
            List<Detection> found = detector.detect(frame.image());
            count[0] += found.size();
            if (writer == null && frames == null) {
                return frame.image();
            }
            BufferedImage annotated = BoxPainter.drawDetections(frame.image(), found);
            if (frames != null) {
                frames.frame(frame, annotated, found);
            }
            return annotated;
        }, writer, progress);
        return new Summary(summary, count[0], writer == null ? null : writer.file(),
                writer == null ? null : writer.encoderName());
    }

    /**
     * A progress listener for a terminal: one line, redrawn in place a few times a second, ended
     * with a newline at the last report. When the output is not a terminal (a log file), it
     * prints a plain line every {@code 10} seconds instead.
     */
    public static Consumer<VideoProgress> consoleProgress(java.io.PrintWriter out, boolean terminal) {
        if (!terminal) {
            return VideoProgress.throttled(java.time.Duration.ofSeconds(10), p -> {
                out.println(p);
                out.flush();
            });
        }
        int[] width = {0};
        return VideoProgress.throttled(java.time.Duration.ofMillis(250), p -> {
            String line = p.toString();
            String pad = " ".repeat(Math.max(0, width[0] - line.length()));
            width[0] = Math.max(width[0], line.length());
            out.print("\r" + line + pad + (p.finished() ? System.lineSeparator() : ""));
            out.flush();
        });
    }
}
