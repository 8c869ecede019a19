package io.jyolo.detect;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.jyolo.data.Preprocess;
import io.jyolo.data.Resize;
import io.jyolo.data.ResizeMode;
import io.jyolo.image.ImageReadException;
import io.jyolo.image.Images;
import io.jyolo.image.Mats;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.predict.Decoder;
import io.jyolo.predict.Detection;
import io.jyolo.predict.Inference;
import io.jyolo.run.TrainedNetwork;
import io.jyolo.run.TrainedRun;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.opencv.core.Mat;

/**
 * A trained run, ready to find objects in images, video frames and camera pictures.
 *
 * <p>Loaded from a run folder ({@link #load(Path)}): the network is rebuilt from
 * {@code config.json}, its weights (BatchNorm statistics included) restored from a checkpoint,
 * and it runs in evaluation mode (no dropout, running BatchNorm statistics, no gradients).
 * Pictures take the training pipeline's path: files are read with {@link Images#readRgb}, every
 * picture is converted to RGB and turned into input by {@link Preprocess} with the run's resize
 * mode, and the {@link Decoder} maps boxes back through the same {@link Resize}, so detections
 * are in the pixels of the picture given, whatever its shape. A list of pictures is one forward
 * pass per {@link DetectorOptions#batchSize()} pictures, and every picture of a batch is decoded
 * (the PyTorch original processed only the first).
 *
 * <p>Every forward pass runs in its own {@link NDManager} sub-manager, closed before the method
 * returns, so native memory stays flat over a long video. Close the detector to free the
 * weights. Use one detector from one thread at a time.
 *
 * <pre>{@code
 * try (Detector detector = Detector.load(Path.of("log/shapes-fast"))) {
 *     List<Detection> found = detector.detect(Path.of("photo.jpg"));
 *     detector.annotate(Path.of("photo.jpg")).save(Path.of("photo-detections.jpg"));
 * }
 * }</pre>
 */
public final class Detector implements AutoCloseable {

    private final TrainedRun run;
    private final TrainedNetwork loaded;
    private final DetectorOptions options;
    private final NDManager manager;
    private final YoloNetwork network;
    private final ParameterStore parameters;
    private final Decoder decoder;
    private boolean closed;

    private Detector(TrainedNetwork loaded, DetectorOptions options) {
        this.run = loaded.run();
        this.options = options;
        this.loaded = loaded;
        this.manager = loaded.manager();
        this.network = loaded.network();
        this.parameters = new ParameterStore(manager, false);
        this.decoder = Decoder.builder(run.model().layout(), run.classes())
                .scoreThreshold(options.scoreThreshold()).nmsIou(options.nmsIou())
                .classAgnostic(options.classAgnostic()).maxDetections(options.topK()).build();
    }

    /** The run in {@code runDir} with its best checkpoint (else the last) and default options. */
    public static Detector load(Path runDir) throws IOException {
        return load(runDir, null, DetectorOptions.defaults());
    }

    /** The run in {@code runDir} with the given checkpoint file and default options. */
    public static Detector load(Path runDir, Path checkpoint) throws IOException {
        return load(runDir, checkpoint, DetectorOptions.defaults());
    }

    /** The run in {@code runDir} with its best checkpoint (else the last). */
    public static Detector load(Path runDir, DetectorOptions options) throws IOException {
        return load(runDir, null, options);
    }

    /**
     * The run in {@code runDir} with {@code checkpoint} (null: best, else last, else the newest
     * numbered one).
     *
     * @throws IOException naming the file when the folder is not a run, has no readable checkpoint,
     *                     or its files disagree (classes, network shape)
     */
    public static Detector load(Path runDir, Path checkpoint, DetectorOptions options) throws IOException {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(options, "options");
        return new Detector(TrainedNetwork.load(runDir, checkpoint, options.device()), options);
    }

    /** Objects in {@code image} (any type), boxes in its pixels, highest score first. */
    public List<Detection> detect(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        return detectRgb(List.of(Images.toRgb(image))).get(0);
    }

    /** Objects in an OpenCV picture ({@code CV_8UC3} BGR, {@code CV_8UC1} or {@code CV_8UC4}). */
    public List<Detection> detect(Mat image) {
        Objects.requireNonNull(image, "image");
        return detect(Mats.toBufferedImage(image));
    }

    /** Objects in an image file, read as training reads it. */
    public List<Detection> detect(Path imageFile) throws ImageReadException {
        return detectRgb(List.of(Images.readRgb(imageFile))).get(0);
    }

    /** One list of objects per picture, in order; pictures are batched {@link DetectorOptions#batchSize()} at a time. */
    public List<List<Detection>> detect(List<BufferedImage> images) {
        Objects.requireNonNull(images, "images");
        List<BufferedImage> rgb = new ArrayList<>(images.size());
        for (BufferedImage image : images) {
            rgb.add(Images.toRgb(Objects.requireNonNull(image, "an image in the list is null")));
        }
        return detectRgb(rgb);
    }

    /** Detections on an image file together with the picture, for drawing, saving or showing in a notebook. */
    public DetectionResult annotate(Path imageFile) throws ImageReadException {
        BufferedImage image = Images.readRgb(imageFile);
        return new DetectionResult(image, detectRgb(List.of(image)).get(0), imageFile.toString());
    }

    /** Detections on {@code image} together with it; {@code source} names it in the result. */
    public DetectionResult annotate(BufferedImage image, String source) {
        return new DetectionResult(image, detect(image), source);
    }

    private List<List<Detection>> detectRgb(List<BufferedImage> images) {
        if (closed) {
            throw new IllegalStateException("the detector for " + run.dir() + " is closed");
        }
        List<List<Detection>> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += options.batchSize()) {
            out.addAll(forward(images.subList(from, Math.min(images.size(), from + options.batchSize()))));
        }
        return out;
    }

    /** One forward pass over {@code batch} (RGB pictures), inside its own sub-manager. */
    private List<List<Detection>> forward(List<BufferedImage> batch) {
        return Inference.detect(network, parameters, manager, batch, run.resize(), decoder);
    }

    /** The run folder this detector was loaded from. */
    public Path runDir() {
        return run.dir();
    }

    /** The checkpoint file whose weights are in use. */
    public Path checkpoint() {
        return run.checkpoint().file();
    }

    /** Class names, in index order. */
    public List<String> classes() {
        return run.classes();
    }

    /** The network configuration (architecture, input size, S, B, C). */
    public ModelConfig model() {
        return run.model();
    }

    /** How pictures become the square input (as in training). */
    public ResizeMode resizeMode() {
        return run.resize();
    }

    public DetectorOptions options() {
        return options;
    }

    /** The device the network runs on. */
    public Device device() {
        return manager.getDevice();
    }

    /** One line: which network from which checkpoint, at which size and threshold. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s, threshold %.2f, NMS IoU %.2f%s", loaded.describe(),
                options.scoreThreshold(), options.nmsIou(), options.classAgnostic() ? " (class-agnostic)" : "");
    }

    @Override
    public String toString() {
        return "Detector[" + describe() + "]";
    }

    /** Frees the weights; further detection calls fail. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            loaded.close();
        }
    }
}
