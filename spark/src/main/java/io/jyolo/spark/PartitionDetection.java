package io.jyolo.spark;

import io.jyolo.detect.Detector;
import io.jyolo.image.Images;
import io.jyolo.predict.Detection;
import io.jyolo.video.FrameSource;
import io.jyolo.video.FrameSources;
import io.jyolo.video.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * The work of one partition: its inputs read through Hadoop's file systems, images decoded and
 * detected on {@link JobSettings#batch()} at a time, videos split into frames by the library's
 * video reader and detected on a batch of frames at a time, with the executor's shared detector
 * ({@link DetectorHolder}).
 *
 * <p>Rows come out lazily, a batch at a time, so an hour of video never sits in memory. An input
 * that cannot be read, decoded or opened becomes one {@link RecordKind#FAILURE} row with the
 * reason, and the partition goes on with the next input: a bad file never fails the job.
 */
final class PartitionDetection implements FlatMapFunction<Iterator<String>, Row> {

    private final JobSettings settings;

    PartitionDetection(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public Iterator<Row> call(Iterator<String> inputs) {
        return new Rows(inputs, settings);
    }

    /** Reads and detects one batch whenever the rows of the previous one are used up. */
    private static final class Rows implements Iterator<Row> {
        private final Iterator<String> inputs;
        private final JobSettings settings;
        private final Deque<Row> ready = new ArrayDeque<>();
        private final Configuration conf = new Configuration();
        private String peeked;
        private OpenVideo video;

        Rows(Iterator<String> inputs, JobSettings settings) {
            this.inputs = inputs;
            this.settings = settings;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && (video != null || peeked != null || inputs.hasNext())) {
                step();
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void step() {
            if (video != null) {
                videoBatch();
                return;
            }
            String input = take();
            if (InputKind.of(input) == InputKind.VIDEO) {
                openVideo(input);
            } else {
                imageBatch(input);
            }
        }

        /** Images from {@code first} on, up to a batch, stopping before a video. */
        private void imageBatch(String first) {
            List<String> names = new ArrayList<>();
            List<BufferedImage> pictures = new ArrayList<>();
            String input = first;
            while (true) {
                try {
                    pictures.add(Images.decodeRgb(readBytes(input), java.nio.file.Path.of(input)));
                    names.add(input);
                } catch (IOException | RuntimeException e) {
                    ready.add(Records.failure(input, reason(input, e)));
                }
                if (pictures.size() >= settings.batch() || !nextIsImage()) {
                    break;
                }
                input = take();
            }
            if (pictures.isEmpty()) {
                return;
            }
            List<List<Detection>> found = detect(pictures);
            for (int i = 0; i < names.size(); i++) {
                for (Detection d : found.get(i)) {
                    ready.add(Records.detection(names.get(i), null, d));
                }
                ready.add(Records.input(names.get(i), 1));
            }
        }

        private void openVideo(String input) {
            try {
                video = OpenVideo.open(input, settings, conf);
            } catch (IOException | RuntimeException e) {
                ready.add(Records.failure(input, reason(input, e)));
            }
        }

        /** Up to a batch of frames of the open video; at its end the video's summary row. */
        private void videoBatch() {
            List<VideoFrame> frames = new ArrayList<>();
            try {
                while (frames.size() < settings.batch()) {
                    Optional<VideoFrame> f = video.source().next();
                    if (f.isEmpty()) {
                        break;
                    }
                    frames.add(f.get());
                }
            } catch (IOException | RuntimeException e) {
                ready.add(Records.failure(video.input(), reason(video.input(), e)));
                closeVideo();
                return;
            }
            if (!frames.isEmpty()) {
                List<List<Detection>> found = detect(frames.stream().map(VideoFrame::image).toList());
                for (int i = 0; i < frames.size(); i++) {
                    for (Detection d : found.get(i)) {
                        ready.add(Records.detection(video.input(), frames.get(i).index(), d));
                    }
                }
                video.count(frames.size());
            }
            if (frames.size() < settings.batch()) {
                ready.add(Records.input(video.input(), video.frames()));
                closeVideo();
            }
        }

        private void closeVideo() {
            video.close();
            video = null;
        }

        private List<List<Detection>> detect(List<BufferedImage> pictures) {
            Detector detector = DetectorHolder.get(settings);
            synchronized (detector) {
                return detector.detect(pictures);
            }
        }

        private byte[] readBytes(String input) throws IOException {
            Path path = new Path(input);
            try (InputStream in = path.getFileSystem(conf).open(path)) {
                return in.readAllBytes();
            }
        }

        private String take() {
            if (peeked != null) {
                String s = peeked;
                peeked = null;
                return s;
            }
            return inputs.next();
        }

        private boolean nextIsImage() {
            if (peeked == null && inputs.hasNext()) {
                peeked = inputs.next();
            }
            return peeked != null && InputKind.of(peeked) == InputKind.IMAGE;
        }
    }

    /** A one-line reason naming the input, for the failure row. */
    static String reason(String input, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        message = message.lines().findFirst().orElse(message);
        return message.contains(input) ? message : input + ": " + message;
    }

    /**
     * A video being read: its frame source over a local file (a copy when the video lives on
     * another file system, deleted at close) and the frames detected on so far.
     */
    private static final class OpenVideo implements AutoCloseable {
        private final String input;
        private final FrameSource source;
        private final java.nio.file.Path copy;
        private long frames;

        private OpenVideo(String input, FrameSource source, java.nio.file.Path copy) {
            this.input = input;
            this.source = source;
            this.copy = copy;
        }

        static OpenVideo open(String input, JobSettings settings, Configuration conf) throws IOException {
            Path path = new Path(input);
            FileSystem fs = path.getFileSystem(conf);
            java.nio.file.Path copy = null;
            java.nio.file.Path local;
            if (fs instanceof LocalFileSystem) {
                local = java.nio.file.Path.of(fs.makeQualified(path).toUri());
            } else {
                copy = Files.createTempFile("jyolo-video-", "-" + path.getName());
                fs.copyToLocalFile(false, path, new Path(copy.toUri()), true);
                local = copy;
            }
            try {
                return new OpenVideo(input, FrameSources.openFile(local, settings.frameOptions()), copy);
            } catch (IOException | RuntimeException e) {
                deleteCopy(copy);
                throw e;
            }
        }

        String input() {
            return input;
        }

        FrameSource source() {
            return source;
        }

        long frames() {
            return frames;
        }

        void count(int n) {
            frames += n;
        }

        @Override
        public void close() {
            source.close();
            deleteCopy(copy);
        }

        private static void deleteCopy(java.nio.file.Path copy) {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException ignored) {
                    // a temporary file left behind; the executor's temp folder is cleaned with it
                }
            }
        }
    }
}
