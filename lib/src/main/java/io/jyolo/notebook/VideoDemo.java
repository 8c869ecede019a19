package io.jyolo.notebook;

import io.jyolo.data.Sample;
import io.jyolo.data.VocDataset;
import io.jyolo.detect.Detector;
import io.jyolo.detect.VideoDetection;
import io.jyolo.video.FrameSourceOptions;
import io.jyolo.video.FrameSources;
import io.jyolo.video.VideoException;
import io.jyolo.video.VideoProgress;
import io.jyolo.video.VideoWriter;
import io.jyolo.viz.BoxPainter;
import io.jyolo.viz.Displayable;
import io.jyolo.viz.ImageGrid;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * Detection on a video file or a camera from a notebook cell: one live display with the progress
 * and the latest annotated frame while it runs, the annotated video written, and a few frames
 * kept to show inline afterwards. The interrupt button stops it cleanly (the video written so far
 * is complete). A camera cell on a machine without a camera says so instead of failing. The loop
 * is {@link VideoDetection}'s, the one the {@code jyolo detect} command runs; this class only
 * keeps frames and shows them.
 */
public final class VideoDemo {

    private VideoDemo() {
    }

    /**
     * What a video run produced: the summary, and frames spread over the run to show inline.
     *
     * @param summary  frames, speed, end reason, detections and the output file
     * @param frames   annotated frames kept for display
     * @param captions one per frame ("frame 120: 3 objects")
     */
    public record Result(VideoDetection.Summary summary, List<BufferedImage> frames, List<String> captions)
            implements Displayable {

        public Result {
            frames = List.copyOf(frames);
            captions = List.copyOf(captions);
        }

        /** The kept frames tiled, three per row; null when no frame was processed. */
        @Override
        public BufferedImage image() {
            return frames.isEmpty() ? null : ImageGrid.tile(frames, captions, 3, 360);
        }

        @Override
        public String html() {
            return frames.isEmpty() ? "<p>" + HtmlTables.escape(toString()) + "</p>" : null;
        }

        @Override
        public String toString() {
            return summary.toString();
        }
    }

    /** A cell result that is only a message (no camera, nothing to show). */
    public record Notice(String title, String text) implements Displayable {
        @Override
        public String html() {
            return "<div style=\"border-left:4px solid #e0a000;padding:4px 10px\"><b>" + HtmlTables.escape(title)
                    + "</b><br>" + HtmlTables.escape(text) + "</div>";
        }

        @Override
        public String toString() {
            return title + ": " + text;
        }
    }

    /** The live view: progress line, and the latest annotated frame. */
    record Live(String line, String jpegBase64) implements Displayable {
        @Override
        public String html() {
            StringBuilder sb = new StringBuilder("<div class=\"jyolo-video\"><code>").append(HtmlTables.escape(line))
                    .append("</code>");
            if (jpegBase64 != null) {
                sb.append("<div><img alt=\"latest frame\" src=\"data:image/jpeg;base64,").append(jpegBase64)
                        .append("\"/></div>");
            }
            return sb.append("</div>").toString();
        }

        @Override
        public String toString() {
            return line;
        }
    }

    /**
     * Detects on {@code input} (a video file, or {@code camera:N}) with {@code options}, writes the
     * annotated video to {@code output} (null: none) and keeps about {@code keepFrames} annotated
     * frames spread over the run.
     */
    public static Result detect(Detector detector, String input, FrameSourceOptions options, Path output,
                                int keepFrames) throws VideoException {
        return detect(detector, input, options, output, keepFrames, LiveDisplay::show);
    }

    static Result detect(Detector detector, String input, FrameSourceOptions options, Path output, int keepFrames,
                         Function<Object, LiveDisplay> opener) throws VideoException {
        List<BufferedImage> kept = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        long[] count = {0};
        long[] processed = {0};
        long[] every = {0};
        BufferedImage[] latest = {null};
        long[] lastShown = {0};
        try (OffThreadDisplay display = new OffThreadDisplay(new Live("opening " + input, null), opener)) {
            VideoDetection.Summary s = VideoDetection.run(detector, input, options, output, p -> {
                if (every[0] == 0) { // after the first frame; cameras expect no number of frames
                    every[0] = p.expectedFrames() > 0 ? Math.max(1, p.expectedFrames() / Math.max(1, keepFrames)) : 30;
                }
                long now = System.nanoTime();
                if (p.finished() || now - lastShown[0] > 1_000_000_000L) {
                    lastShown[0] = now;
                    display.post(new Live(line(p, count[0]), latest[0] == null ? null : jpeg(latest[0])));
                }
            }, (frame, annotated, found) -> {
                count[0] += found.size();
                if (kept.size() < keepFrames && (processed[0] == 0 || processed[0] % every[0] == 0)) {
                    kept.add(annotated);
                    captions.add(String.format(Locale.ROOT, "frame %d: %d object%s", frame.index(), found.size(),
                            found.size() == 1 ? "" : "s"));
                }
                processed[0]++;
                latest[0] = annotated;
            });
            display.finish(new Live(s.toString(), latest[0] == null ? null : jpeg(latest[0])));
            return new Result(s, kept, captions);
        }
    }

    private static String line(VideoProgress p, long detections) {
        return p + String.format(Locale.ROOT, ", %d detections", detections);
    }

    /**
     * Detection on the camera {@code camera} (e.g. {@code camera:0}) for {@code duration} of camera
     * time, written to {@code output}; on a machine without that camera (or no permission to use
     * it) a {@link Notice} saying so and what the cell would do.
     */
    public static Object camera(Detector detector, String camera, Duration duration, Path output, int keepFrames) {
        Optional<String> device = FrameSources.cameraDevice(camera);
        if (device.isEmpty()) {
            return new Notice("Not a camera", "'" + camera + "' does not name a camera: use camera:0, camera:1 or"
                    + " /dev/videoN");
        }
        if (!Files.exists(Path.of(device.get()))) {
            return noCamera(device.get(), "the device does not exist", duration);
        }
        try {
            return detect(detector, camera, FrameSourceOptions.builder().maxDuration(duration).build(), output,
                    keepFrames);
        } catch (VideoException e) {
            return noCamera(device.get(), e.getMessage(), duration);
        }
    }

    private static Notice noCamera(String device, String why, Duration duration) {
        return new Notice("No camera", "No camera could be opened at " + device + " (" + why + "). This machine"
                + " has no webcam, or the kernel runs where it cannot see one (a container or a remote server). On a"
                + " machine with a camera this cell shows the camera's picture with the detections for "
                + duration.toSeconds() + " s and writes them to a video; the interrupt button stops it earlier.");
    }

    /**
     * A short video made from a dataset's images (each shown for a moment with a slow zoom), for
     * trying video detection on objects the demo run knows. Written once; an existing file is kept.
     */
    public static Path datasetVideo(VocDataset dataset, Path output, int images, int fps, double secondsPerImage)
            throws IOException {
        if (Files.exists(output)) {
            return output;
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        int size = 320;
        int perImage = Math.max(1, (int) Math.round(fps * secondsPerImage));
        Path tmp = output.resolveSibling(".tmp-" + output.getFileName());
        try (VideoWriter writer = VideoWriter.to(tmp).size(size, size).fps(fps).open()) {
            for (Sample s : dataset.samples().subList(0, Math.min(images, dataset.size()))) {
                BufferedImage img = s.readImage();
                for (int f = 0; f < perImage; f++) {
                    double zoom = 1.0 + 0.15 * f / perImage;
                    writer.write(zoomed(img, zoom, size));
                }
            }
        }
        Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return output;
    }

    private static BufferedImage zoomed(BufferedImage img, double zoom, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int w = (int) Math.round(size * zoom);
            int h = (int) Math.round(size * zoom);
            g.drawImage(img, (size - w) / 2, (size - h) / 2, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    static String jpeg(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BufferedImage rgb = image.getType() == BufferedImage.TYPE_INT_RGB ? image : copyRgb(image);
            ImageIO.write(rgb, "jpeg", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage copyRgb(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }
}
