package io.jyolo.tensorboard;

import ai.djl.ndarray.NDArray;
import io.jyolo.tensorboard.proto.Event;
import io.jyolo.tensorboard.proto.SessionLog;
import io.jyolo.tensorboard.proto.Summary;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Logs scalars, histograms, images and text of one run for TensorBoard: DJL has no TensorBoard
 * writer, and the training loop needs one that survives crashes and resumes cleanly.
 *
 * <p>Each writer starts a new event file in the run directory (TensorBoard shows each directory
 * under its log root as one run). Thread-safe. Records are flushed every flush interval (default
 * {@value #DEFAULT_FLUSH_SECONDS} s) by a daemon thread and on {@link #close()}; a crash loses at most
 * the last interval's records (see {@link EventFileWriter}).
 *
 * <p>Resuming from a checkpoint at step k: {@link #resume(Path, long)} drops everything logged after
 * k from the run's files ({@link EventLogs#purgeAfter}) and starts the new file with a SessionLog
 * START at k + 1, which makes TensorBoard discard any later data it already holds.
 *
 * <p>I/O failures surface as {@link UncheckedIOException} so logging calls fit in training loops
 * and notebooks.
 */
public final class SummaryWriter implements AutoCloseable {

    /** Default flush interval in seconds. */
    public static final int DEFAULT_FLUSH_SECONDS = 5;

    private final Path runDir;
    private final EventFileWriter file;

    private SummaryWriter(Path runDir, EventFileWriter file) {
        this.runDir = runDir;
        this.file = file;
    }

    /** A writer with default settings on {@code runDir} (created if missing). */
    public static SummaryWriter open(Path runDir) {
        return builder(runDir).build();
    }

    /**
     * Continues a run from its checkpoint at {@code lastKeptStep}: removes every record logged after
     * that step, then opens a writer whose first event after file_version is a SessionLog START at
     * {@code lastKeptStep + 1}.
     */
    public static SummaryWriter resume(Path runDir, long lastKeptStep) {
        return builder(runDir).resumeAfter(lastKeptStep).build();
    }

    /** Settings for a writer on {@code runDir}. */
    public static Builder builder(Path runDir) {
        return new Builder(runDir);
    }

    /** Logs a scalar (TensorBoard keeps it as a 32-bit float). */
    public void scalar(String tag, long step, double value) {
        write(step, Summaries.scalar(tag, (float) value));
    }

    /** Logs a histogram of {@code values} in TensorFlow's bucket layout. */
    public void histogram(String tag, long step, double[] values) {
        write(step, Summaries.histogram(tag, histogramOf(tag, step, () -> Histogram.of(values))));
    }

    /** Logs a histogram of {@code values} in TensorFlow's bucket layout. */
    public void histogram(String tag, long step, float[] values) {
        write(step, Summaries.histogram(tag, histogramOf(tag, step, () -> Histogram.of(values))));
    }

    /** Logs a histogram of every element of {@code values} (any shape, any numeric type, any device). */
    public void histogram(String tag, long step, NDArray values) {
        double[] copy = NdArrays.toDoubles(values);
        histogram(tag, step, copy);
    }

    /** Logs a histogram already computed. */
    public void histogram(String tag, long step, Histogram histogram) {
        write(step, Summaries.histogram(tag, histogram));
    }

    /** Logs an image, stored as PNG. */
    public void image(String tag, long step, BufferedImage image) {
        write(step, Summaries.image(tag, image));
    }

    /**
     * Logs an image tensor (2-D grey, or 3-D with 1, 3 or 4 channels, layout guessed by
     * {@link ImageLayout#infer}). Float tensors hold 0..1, integer tensors 0..255.
     */
    public void image(String tag, long step, NDArray image) {
        image(tag, step, image, ImageLayout.infer(image.getShape()));
    }

    /** Logs an image tensor in the given layout. Float tensors hold 0..1, integer tensors 0..255. */
    public void image(String tag, long step, NDArray image, ImageLayout layout) {
        image(tag, step, NdArrays.toImage(image, layout));
    }

    /** Logs a text (rendered as Markdown by TensorBoard's text dashboard). */
    public void text(String tag, long step, String text) {
        write(step, Summaries.text(tag, Objects.requireNonNull(text, "text")));
    }

    /** Logs any summary value at {@code step}, stamped with the current wall time. */
    public void write(long step, Summary.Value value) {
        write(Event.newBuilder().setWallTime(file.wallTime()).setStep(step)
                .setSummary(Summary.newBuilder().addValue(value)).build());
    }

    /** Appends a complete event as it is. */
    public void write(Event event) {
        try {
            file.write(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pushes buffered records to the file now. */
    public void flush() {
        try {
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run directory. */
    public Path runDir() {
        return runDir;
    }

    /** The event file this writer appends to. */
    public Path file() {
        return file.file();
    }

    /** Flushes and closes the file. Idempotent. */
    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Histogram histogramOf(String tag, long step, Supplier<Histogram> compute) {
        try {
            return compute.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("histogram '" + tag + "' at step " + step + ": " + e.getMessage(), e);
        }
    }

    /** Writer settings. */
    public static final class Builder {
        private final Path runDir;
        private Duration flushInterval = Duration.ofSeconds(DEFAULT_FLUSH_SECONDS);
        private Clock clock = Clock.systemUTC();
        private Long startStep;
        private Long purgeAfter;

        private Builder(Path runDir) {
            this.runDir = Objects.requireNonNull(runDir, "runDir");
        }

        /** How often a daemon thread flushes; zero flushes after every record. Default 5 s. */
        public Builder flushInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("flush interval must not be negative: " + interval);
            }
            this.flushInterval = interval;
            return this;
        }

        /** The clock that stamps wall times and names the file (tests pin it). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Writes a SessionLog START at {@code step} right after file_version: TensorBoard then
         * discards every earlier record of the run at a step at or after {@code step}.
         */
        public Builder startAtStep(long step) {
            this.startStep = step;
            return this;
        }

        /**
         * Resume from a checkpoint at {@code lastKeptStep}: on build, purge later records from the
         * run's existing files, and start at {@code lastKeptStep + 1}.
         */
        public Builder resumeAfter(long lastKeptStep) {
            this.purgeAfter = lastKeptStep;
            this.startStep = lastKeptStep + 1;
            return this;
        }

        /** Purges if resuming, then creates the event file. */
        public SummaryWriter build() {
            try {
                if (purgeAfter != null) {
                    EventLogs.purgeAfter(runDir, purgeAfter);
                }
                EventFileWriter file = EventFileWriter.create(runDir, clock, flushInterval);
                if (startStep != null) {
                    file.write(Event.newBuilder().setWallTime(file.wallTime()).setStep(startStep)
                            .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START))
                            .build());
                    file.flush();
                }
                return new SummaryWriter(runDir, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
