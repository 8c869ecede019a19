package io.jyolo.video;

import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The read - process - write loop for videos and cameras.
 *
 * <p>One loop for every caller (detection on a file, on a camera, in a notebook), so that
 * ending cleanly is solved once: the run stops at the end of the file, at the source's frame
 * or duration limit, or when the thread is interrupted (the interrupt flag is left set for
 * the caller to see), and always reports a final {@link VideoProgress} and a
 * {@link VideoSummary}. The pipeline does not close the source or the writer: whoever opened
 * them closes them (try-with-resources).
 */
public final class VideoPipeline {

    private VideoPipeline() {
    }

    /**
     * Runs {@code process} on every frame of {@code source} and writes its result to
     * {@code writer}.
     *
     * @param process  returns the frame to write; it may draw on and return its argument
     * @param writer   where processed frames go, or {@code null} to only process
     * @param progress called after every frame and once at the end, or {@code null}
     */
    public static VideoSummary process(FrameSource source, Function<BufferedImage, BufferedImage> process,
                                       VideoWriter writer, Consumer<VideoProgress> progress) throws VideoException {
        Objects.requireNonNull(process, "process");
        return processFrames(source, frame -> process.apply(frame.image()), writer, progress);
    }

    /** As {@link #process}, for functions that need the frame index or timestamp too. */
    public static VideoSummary processFrames(FrameSource source, Function<VideoFrame, BufferedImage> process,
                                             VideoWriter writer, Consumer<VideoProgress> progress) throws VideoException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(process, "process");
        Consumer<VideoProgress> listener = progress != null ? progress : p -> { };
        long expected = source.expectedFrames();
        long start = System.nanoTime();
        long read = 0;
        long processed = 0;
        EndReason reason;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                reason = EndReason.INTERRUPTED;
                break;
            }
            Optional<VideoFrame> frame = source.next();
            if (frame.isEmpty()) {
                reason = source.endReason().orElse(EndReason.END_OF_STREAM);
                break;
            }
            read++;
            BufferedImage out = process.apply(frame.get());
            if (writer != null) {
                if (out == null) {
                    throw new IllegalStateException("the processing function returned null for frame "
                            + frame.get().index() + " of " + source.info().source());
                }
                writer.write(out);
            }
            processed++;
            listener.accept(progress(read, processed, expected, start, false));
        }
        VideoProgress last = progress(read, processed, expected, start, true);
        listener.accept(last);
        return new VideoSummary(read, processed, source.skippedCorrupt(), last.elapsedSeconds(),
                last.framesPerSecond(), reason);
    }

    private static VideoProgress progress(long read, long processed, long expected, long start, boolean finished) {
        double seconds = (System.nanoTime() - start) / 1e9;
        return new VideoProgress(read, processed, expected, seconds, seconds > 0 ? processed / seconds : 0, finished);
    }
}
