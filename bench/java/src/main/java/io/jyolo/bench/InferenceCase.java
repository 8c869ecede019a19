package io.jyolo.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.jyolo.data.ClassFile;
import io.jyolo.data.ResizeMode;
import io.jyolo.engine.Engines;
import io.jyolo.image.Images;
import io.jyolo.model.Architecture;
import io.jyolo.model.ComputeLayout;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import io.jyolo.predict.Decoder;
import io.jyolo.predict.Detection;
import io.jyolo.predict.Inference;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Detection end to end on JPEG files along the library's own path, the one {@code io.jyolo.detect.Detector}
 * takes for a list of files: {@link Images#readRgb} for each file, then {@link Inference#detect} for the
 * batch ({@code Preprocess} stretch to the input and [-1, 1], forward in inference mode, {@link Decoder}:
 * score threshold, per-class NMS, boxes back to original pixels). One iteration is one batch; images are
 * taken round-robin from the folder. Two phases are timed apart: decoding the files, and
 * {@code Inference.detect} (preprocessing, forward and post-processing together, as the library runs them).
 */
final class InferenceCase implements BenchCase {

    private final NDManager manager;
    private final YoloNetwork net;
    private final ParameterStore store;
    private final Decoder decoder;
    private final List<Path> images;
    private final int batch;
    private int next;
    private long detections;
    private double decodeSeconds;
    private double detectSeconds;

    InferenceCase(Architecture architecture, int inputSize, int batch, Path dataset, Device device) throws IOException {
        Engines.get();
        List<String> classes = ClassFile.read(dataset.resolve(ClassFile.NAME));
        ModelConfig config = ModelConfig.builder().architecture(architecture).inputSize(inputSize)
                .classes(classes.size()).build();
        this.manager = NDManager.newBaseManager(device);
        // kernels in the order the network computes in, as TrainedNetwork.load leaves a loaded run's
        this.net = ComputeLayout.orderKernels(YoloNetworks.create(config).initialize(manager));
        this.store = new ParameterStore(manager, false);
        this.decoder = Decoder.builder(config.layout(), classes).build();
        try (Stream<Path> files = Files.list(dataset.resolve("JPEGImages"))) {
            this.images = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        if (images.isEmpty()) {
            throw new IOException(dataset.resolve("JPEGImages") + ": no .jpg images");
        }
        this.batch = batch;
    }

    @Override
    public void step() throws IOException {
        long t0 = System.nanoTime();
        List<BufferedImage> pictures = new ArrayList<>(batch);
        for (int k = 0; k < batch; k++) {
            pictures.add(Images.readRgb(images.get(next++ % images.size())));
        }
        long t1 = System.nanoTime();
        for (List<Detection> d : Inference.detect(net, store, manager, pictures, ResizeMode.STRETCH, decoder)) {
            detections += d.size();
        }
        decodeSeconds += (t1 - t0) / 1e9;
        detectSeconds += (System.nanoTime() - t1) / 1e9;
    }

    @Override
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("timed_class", Inference.class.getName());
        info.put("images_in_folder", images.size());
        return info;
    }

    @Override
    public Map<String, Object> counters() {
        return Map.of("detections", detections, "decode_s", decodeSeconds, "detect_s", detectSeconds);
    }

    @Override
    public void close() {
        manager.close();
    }
}
