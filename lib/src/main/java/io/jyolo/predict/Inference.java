package io.jyolo.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.jyolo.data.Preprocess;
import io.jyolo.data.Resize;
import io.jyolo.data.ResizeMode;
import io.jyolo.engine.HostArrays;
import io.jyolo.engine.Engines;
import io.jyolo.model.YoloNetwork;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * From pictures to boxes with a network in memory: {@link Preprocess}, one forward in inference
 * mode, {@link Decoder}. The single path that {@link io.jyolo.detect.Detector Detector} (a saved
 * run), the trainer's sample image in TensorBoard and the tests that evaluate a network while it
 * trains all take, so they can never disagree on resizing, normalisation or the mapping back to
 * the picture's pixels.
 */
public final class Inference {

    private Inference() {
    }

    /**
     * Detections for each of {@code images} (RGB) in one batch. Every array of the forward lives in
     * a sub-manager of {@code manager} that is closed before returning.
     */
    public static List<List<Detection>> detect(YoloNetwork network, ParameterStore parameters, NDManager manager,
            List<BufferedImage> images, ResizeMode resize, Decoder decoder) {
        int size = network.config().inputSize();
        int perImage = Preprocess.floatsPerImage(size);
        float[] input = new float[images.size() * perImage];
        List<Resize> geometries = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            BufferedImage image = images.get(i);
            geometries.add(Preprocess.toInput(image, Preprocess.geometry(image, size, resize), input, i * perImage));
        }
        Engines.disableGradientsOnThisThread();
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = HostArrays.floats(sub, input, network.config().inputShape(images.size()));
            NDArray y = network.forward(parameters, new NDList(x), false).singletonOrThrow();
            return decoder.decode(y, geometries);
        }
    }
}
