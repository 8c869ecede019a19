package io.jyolo.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.jyolo.data.ResizeMode;
import io.jyolo.predict.Decoder;
import io.jyolo.predict.Detection;
import io.jyolo.predict.Inference;
import io.jyolo.engine.Engines;
import io.jyolo.loss.LossResult;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.OutputLayout;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The work of a training step and of a detection, once, on the engine as loaded: what
 * {@code jyolo info --check} (and {@code make gpu-check}) runs to prove that a libtorch really computes,
 * not only that it loads. Fast YOLO at 448 px with random weights: one forward and backward of the YOLO
 * loss on a batch of two pictures with one object each, then one detection on a drawn picture.
 */
final class EngineCheck {

    private static final int SIZE = 448;
    private static final int CLASSES = 3;

    private EngineCheck() {
    }

    /** Runs both and prints one line for each; throws (one line) when a result is not finite. */
    static void run(Device device, PrintStream out) {
        Engine engine = Engines.get();
        engine.setRandomSeed(7);
        ModelConfig config = ModelConfig.builder().architecture(Architecture.FAST).inputSize(SIZE).classes(CLASSES)
                .build();
        OutputLayout layout = config.layout();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            YoloNetwork network = YoloNetworks.create(config).initialize(manager);
            try (NDManager step = manager.newSubManager()) {
                NDArray x = step.randomUniform(-1f, 1f, config.inputShape(2));
                NDArray y = step.create(oneObjectEach(layout, 2),
                        new Shape(2, layout.gridSize(), layout.gridSize(), layout.targetChannels()));
                double loss;
                double gradientNorm = 0;
                int parameters = 0;
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray prediction = network.forward(new ParameterStore(step, false), new NDList(x), true)
                            .singletonOrThrow();
                    LossResult result = new YoloLoss(layout).compute(prediction, y);
                    collector.backward(result.total());
                    loss = result.parts().total();
                    for (Pair<String, Parameter> p : network.getParameters()) {
                        NDArray w = p.getValue().getArray();
                        if (!w.hasGradient()) {
                            continue; // BatchNorm's running statistics
                        }
                        gradientNorm += w.getGradient().square().sum().getFloat();
                        parameters++;
                    }
                }
                gradientNorm = Math.sqrt(gradientNorm);
                if (!Double.isFinite(loss) || !Double.isFinite(gradientNorm) || gradientNorm == 0) {
                    throw new IllegalStateException("forward and backward on " + device + " gave loss " + loss
                            + " and gradient norm " + gradientNorm);
                }
                out.printf(Locale.ROOT, "forward+backward: Fast YOLO %d px, batch 2, on %s: loss %.4f, gradient norm "
                        + "%.4f over %d parameters, all finite%n", SIZE, device, loss, gradientNorm, parameters);
            }
            BufferedImage picture = picture();
            Decoder decoder = Decoder.builder(layout, List.of("a", "b", "c")).scoreThreshold(0f).maxDetections(5)
                    .build();
            List<Detection> found = Inference.detect(network, new ParameterStore(manager, false), manager,
                    List.of(picture), ResizeMode.STRETCH, decoder).get(0);
            for (Detection d : found) {
                if (!Float.isFinite(d.score())) {
                    throw new IllegalStateException("detection on " + device + " gave a score of " + d.score());
                }
            }
            out.printf(Locale.ROOT, "detection: Fast YOLO %d px (random weights) on %s: %d boxes from a %dx%d picture"
                    + "%s%n", SIZE, device, found.size(), picture.getWidth(), picture.getHeight(),
                    found.isEmpty() ? "" : String.format(Locale.ROOT, ", best score %.4f", found.get(0).score()));
        }
    }

    /** One object per image, centred in cell (1, 1), a third of the picture wide, class 0. */
    private static float[] oneObjectEach(OutputLayout layout, int batch) {
        int s = layout.gridSize();
        int ch = layout.targetChannels();
        float[] target = new float[batch * s * s * ch];
        for (int n = 0; n < batch; n++) {
            int base = (n * s * s + s + 1) * ch;
            target[base] = 0.5f;
            target[base + 1] = 0.5f;
            target[base + 2] = 0.33f;
            target[base + 3] = 0.33f;
            target[base + OutputLayout.TARGET_OBJECT] = 1f;
            target[base + OutputLayout.TARGET_CLASS] = 1f;
        }
        return target;
    }

    private static BufferedImage picture() {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 640, 480);
        g.setColor(Color.RED);
        g.fillOval(200, 120, 220, 200);
        g.dispose();
        return image;
    }
}
