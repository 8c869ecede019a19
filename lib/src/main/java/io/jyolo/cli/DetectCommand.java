package io.jyolo.cli;

import io.jyolo.detect.DetectionResult;
import io.jyolo.detect.Detector;
import io.jyolo.detect.DetectorOptions;
import io.jyolo.detect.VideoDetection;
import io.jyolo.image.ImageReadException;
import io.jyolo.image.Images;
import io.jyolo.predict.Detection;
import io.jyolo.video.EndReason;
import io.jyolo.video.FrameSourceOptions;
import io.jyolo.video.FrameSources;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jyolo detect}: a trained run applied to an image, a folder of images, a video file or a
 * camera, with annotated pictures (and detections text files for images) written to a folder.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Detect objects with a trained run on an image, a folder of images, a video or a camera.",
            "Images -> <out>/<name>.jpg (boxes drawn) and <out>/<name>.txt, one line per",
            "  detection: class score xmin ymin xmax ymax (original pixels; the evaluate --dets format).",
            "Unreadable images in a folder are skipped, counted and reported at the end.",
            "Videos and cameras (camera:N) -> <out>/<name>-detections.mp4; Ctrl-C stops cleanly."})
final class DetectCommand implements Callable<Integer> {

    private static final String STOPPING = "stopping (finishing the current frame or image)...";
    /** How long Ctrl-C waits for the current image to be written or the video file to be closed. */
    private static final java.time.Duration GRACE = java.time.Duration.ofSeconds(60);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run folder (from 'jyolo train').")
    Path run;

    @Option(names = "--input", required = true, paramLabel = "IMAGE|FOLDER|VIDEO|camera:N",
            description = "An image file, a folder of images, a video file (MP4, AVI, ...) or a camera.")
    String input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if needed).")
    Path out;

    @Option(names = "--threshold", defaultValue = "0.25", paramLabel = "X",
            description = "Minimum score (confidence x class probability) (default: ${DEFAULT-VALUE}).")
    float threshold;

    @Option(names = "--nms", defaultValue = "0.5", paramLabel = "IOU",
            description = "NMS: suppress a box overlapping a stronger one above this IoU (default: ${DEFAULT-VALUE}).")
    float nms;

    @Option(names = "--agnostic", description = "Class-agnostic NMS (boxes of different classes suppress each other).")
    boolean agnostic;

    @Option(names = "--top-k", defaultValue = "100", paramLabel = "N",
            description = "At most N detections per image (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N",
            description = "Images per forward pass for folders (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--every", defaultValue = "1", paramLabel = "N",
            description = "Video: detect on every N-th frame only (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--max-frames", defaultValue = "0", paramLabel = "N",
            description = "Video/camera: stop after N processed frames (0: no limit).")
    long maxFrames;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Video/camera: stop after this much video time.")
    Double duration;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint to use (default: the run's best.ckpt, else last.ckpt).")
    Path checkpoint;

    @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N", description = "Device (default: the first GPU if any, else the CPU).")
    String device;

    @Override
    public Integer call() throws Exception {
        DetectorOptions options = options();
        FrameSourceOptions frames = frameOptions();
        Optional<String> camera = FrameSources.cameraDevice(input);
        Path inputPath = camera.isPresent() ? null : Path.of(input);
        if (inputPath != null && !Files.exists(inputPath)) {
            throw new IOException(inputPath + ": input not found");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw bad("--out " + out + " is a file, not a folder");
        }
        if (inputPath != null && Files.isDirectory(inputPath) && Files.isDirectory(out)
                && Files.isSameFile(inputPath, out)) {
            throw bad("--out must not be the input folder: the annotated images would replace the originals");
        }
        try (Detector detector = Detector.load(run, checkpoint, options)) {
            PrintWriter w = spec.commandLine().getOut();
            w.println(detector.describe());
            w.flush();
            Files.createDirectories(out);
            if (camera.isPresent() || !(Files.isDirectory(inputPath) || isImage(inputPath))) {
                String name = camera.map(DetectCommand::cameraName).orElseGet(() -> stem(inputPath));
                return StopOnCtrlC.run(STOPPING, GRACE, () -> video(detector, frames, name));
            }
            boolean folder = Files.isDirectory(inputPath);
            List<Path> images = folder ? listImages(inputPath) : List.of(inputPath);
            return StopOnCtrlC.run(STOPPING, GRACE, () -> images(detector, images, folder));
        }
    }

    private int video(Detector detector, FrameSourceOptions frames, String name) throws IOException {
        Path file = out.resolve(name + "-detections.mp4");
        if (Files.exists(file) && !FrameSources.cameraDevice(input).isPresent() && Files.isSameFile(file, Path.of(input))) {
            throw bad("--out would overwrite the input video " + input);
        }
        PrintWriter w = spec.commandLine().getOut();
        VideoDetection.Summary s = VideoDetection.run(detector, input, frames, file,
                VideoDetection.consoleProgress(w, System.console() != null));
        w.println(input + ": " + s);
        if (s.video().skippedCorrupt() > 0) {
            w.println("note: " + s.video().skippedCorrupt() + " corrupt frame(s) were skipped");
        }
        w.flush();
        return s.video().endReason() == EndReason.INTERRUPTED ? 130 : 0;
    }

    /** Detects on {@code files}; in a folder an unreadable image is skipped and counted, a single one is an error. */
    private int images(Detector detector, List<Path> files, boolean folder) throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> skipped = new ArrayList<>();
        Map<String, Path> stems = new HashMap<>();
        int done = 0;
        long found = 0;
        long started = System.nanoTime();
        for (int from = 0; from < files.size(); from += batch) {
            if (Thread.currentThread().isInterrupted()) {
                err.println("interrupted: " + done + " of " + files.size() + " images done");
                err.flush();
                return 130;
            }
            List<Path> names = new ArrayList<>();
            List<BufferedImage> pictures = new ArrayList<>();
            for (Path f : files.subList(from, Math.min(files.size(), from + batch))) {
                Path other = stems.putIfAbsent(stem(f), f);
                if (other != null) {
                    skip(skipped, err, f + ": same name as " + other.getFileName() + ", whose results it would replace");
                    continue;
                }
                try {
                    pictures.add(Images.readRgb(f));
                    names.add(f);
                } catch (ImageReadException e) {
                    if (!folder) {
                        throw e;
                    }
                    skip(skipped, err, e.getMessage());
                }
            }
            List<List<Detection>> results = detector.detect(pictures);
            for (int i = 0; i < names.size(); i++) {
                Path f = names.get(i);
                DetectionResult r = new DetectionResult(pictures.get(i), results.get(i), f.getFileName().toString());
                Path annotated = out.resolve(stem(f) + ".jpg");
                if (Files.exists(annotated) && Files.isSameFile(annotated, f)) {
                    throw bad("--out would overwrite the input image " + f);
                }
                r.save(annotated);
                r.saveDetections(out.resolve(stem(f) + ".txt"));
                w.println(r);
                found += r.detections().size();
                done++;
            }
            w.flush();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        w.printf(Locale.ROOT, "%d image%s, %d detection%s -> %s (%.1f images/s)%n", done, done == 1 ? "" : "s", found,
                found == 1 ? "" : "s",
                out, done / Math.max(1e-9, seconds));
        if (!skipped.isEmpty()) {
            w.println("skipped " + skipped.size() + " of " + files.size() + " image(s), unreadable:");
            skipped.forEach(s -> w.println("  " + s));
        }
        w.flush();
        if (done == 0) {
            throw new IOException(input + ": none of the " + files.size() + " images could be read");
        }
        return 0;
    }

    private static void skip(List<String> skipped, PrintWriter err, String message) {
        skipped.add(message);
        err.println("warning: skipped " + message);
        err.flush();
    }

    private DetectorOptions options() {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw bad("--threshold must be in [0, 1], got " + threshold);
        }
        if (!(nms >= 0 && nms <= 1)) {
            throw bad("--nms must be in [0, 1], got " + nms);
        }
        if (topK < 1 || batch < 1) {
            throw bad("--top-k and --batch must be at least 1");
        }
        return DetectorOptions.builder().scoreThreshold(threshold).nmsIou(nms).classAgnostic(agnostic).topK(topK)
                .batchSize(batch).device(device).build();
    }

    private FrameSourceOptions frameOptions() {
        if (every < 1) {
            throw bad("--every must be at least 1, got " + every);
        }
        if (maxFrames < 0) {
            throw bad("--max-frames must be 0 (no limit) or positive, got " + maxFrames);
        }
        if (duration != null && !(duration > 0 && duration < 1e9)) {
            throw bad("--duration must be a positive number of seconds, got " + duration);
        }
        return FrameSourceOptions.builder().frameStep(every).maxFrames(maxFrames)
                .maxDuration(duration == null ? null : Duration.ofNanos(Math.round(duration * 1e9))).build();
    }

    /** Image files of a folder (not recursive), by name. */
    static List<Path> listImages(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> images = s.filter(p -> Files.isRegularFile(p) && isImage(p)).sorted().toList();
            if (images.isEmpty()) {
                throw new IOException(folder + ": no images (" + String.join(", ", Images.EXTENSIONS.stream().sorted()
                        .map(e -> "." + e).toList()) + ")");
            }
            return images;
        }
    }

    static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && Images.EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** {@code /dev/video0 -> camera-video0}. */
    private static String cameraName(String device) {
        return "camera-" + Path.of(device).getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
