package io.jyolo.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.jyolo.data.Preprocess;
import io.jyolo.data.Resize;
import io.jyolo.data.ResizeMode;
import io.jyolo.engine.Engines;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import io.jyolo.predict.Decoder;
import io.jyolo.predict.Detection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Detection end to end on JPEG files: decode, {@link Preprocess} (stretch to the input, [-1, 1]),
 * forward in inference mode, {@link Decoder} (score threshold, per-class NMS, boxes back to
 * original pixels). One iteration is one batch; images are taken round-robin from the folder.
 */
final class InferenceCase implements BenchCase {

    private final NDManager manager;
    private final YoloNetwork net;
    private final ParameterStore store;
    private final Decoder decoder;
    private final List<Path> images;
    private final ModelConfig config;
    private final int batch;
    private final float[] buffer;
    private final DirectInput input = new DirectInput();
    private int next;
    private long detections;
    /** Accumulated seconds: JPEG decode, preprocessing, forward, decoding + NMS. */
    private final double[] phaseSeconds = new double[4];

    InferenceCase(Architecture architecture, int inputSize, int batch, Path dataset, Device device) throws IOException {
        Engines.get();
        this.config = ModelConfig.builder().architecture(architecture).inputSize(inputSize).build();
        this.manager = NDManager.newBaseManager(device);
        this.net = YoloNetworks.create(config);
        net.initialize(manager);
        this.store = new ParameterStore(manager, false);
        List<String> classes = io.jyolo.data.ClassFile.read(dataset.resolve(io.jyolo.data.ClassFile.NAME));
        this.decoder = Decoder.builder(config.layout(), classes).build();
        try (Stream<Path> files = Files.list(dataset.resolve("JPEGImages"))) {
            this.images = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        if (images.isEmpty()) {
            throw new IOException(dataset.resolve("JPEGImages") + ": no .jpg images");
        }
        this.batch = batch;
        this.buffer = new float[batch * Preprocess.floatsPerImage(inputSize)];
    }

    @Override
    public void step() throws IOException {
        List<Resize> geometries = new ArrayList<>(batch);
        int floats = Preprocess.floatsPerImage(config.inputSize());
        for (int k = 0; k < batch; k++) {
            Path file = images.get(next++ % images.size());
            long t0 = System.nanoTime();
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IOException(file + ": not a readable image");
            }
            long t1 = System.nanoTime();
            Resize geometry = Preprocess.geometry(image, config.inputSize(), ResizeMode.STRETCH);
            geometries.add(Preprocess.toInput(image, geometry, buffer, k * floats));
            phaseSeconds[0] += (t1 - t0) / 1e9;
            phaseSeconds[1] += (System.nanoTime() - t1) / 1e9;
        }
        try (NDManager sub = manager.newSubManager()) {
            long t0 = System.nanoTime();
            NDArray x = input.create(sub, buffer, config.inputShape(batch));
            NDArray out = net.forward(store, new NDList(x), false).singletonOrThrow();
            long t1 = System.nanoTime();
            for (List<Detection> d : decoder.decode(out, geometries)) {
                detections += d.size();
            }
            phaseSeconds[2] += (t1 - t0) / 1e9;
            phaseSeconds[3] += (System.nanoTime() - t1) / 1e9;
        }
    }

    @Override
    public Map<String, Object> info() {
        return Map.of("images_in_folder", images.size());
    }

    @Override
    public Map<String, Object> counters() {
        return Map.of("detections", detections, "decode_s", phaseSeconds[0], "preprocess_s", phaseSeconds[1],
                "forward_s", phaseSeconds[2], "postprocess_s", phaseSeconds[3]);
    }

    @Override
    public void close() {
        manager.close();
    }
}
