package io.jyolo.bench;

import ai.djl.Device;
import io.jyolo.model.Architecture;
import io.jyolo.model.OutputLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A training step on a fixed random batch (data loading excluded): random images in [-1, 1] and
 * targets with three objects per image in distinct random cells, as the PyTorch reference does.
 */
final class TrainStepCase implements BenchCase {

    private final Trainer trainer;
    private final float[] images;
    private final float[] targets;
    private final int batch;

    TrainStepCase(Architecture architecture, int inputSize, int batch, Device device, long seed) {
        this.trainer = new Trainer(architecture, inputSize, 20, device);
        this.batch = batch;
        SplittableRandom rnd = new SplittableRandom(seed);
        this.images = new float[batch * 3 * inputSize * inputSize];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        this.targets = randomTargets(trainer.config().layout(), batch, 3, rnd);
    }

    /** {@code objects} objects per image in distinct random cells: x, y, w, h in 0.1..0.9, one class. */
    static float[] randomTargets(OutputLayout layout, int batch, int objects, SplittableRandom rnd) {
        int s = layout.gridSize();
        int t = layout.targetChannels();
        float[] out = new float[batch * s * s * t];
        for (int n = 0; n < batch; n++) {
            int placed = 0;
            boolean[] used = new boolean[s * s];
            while (placed < Math.min(objects, s * s)) {
                int cell = rnd.nextInt(s * s);
                if (used[cell]) {
                    continue;
                }
                used[cell] = true;
                placed++;
                int base = (n * s * s + cell) * t;
                for (int k = 0; k < 4; k++) {
                    out[base + k] = (float) (rnd.nextDouble() * 0.8 + 0.1);
                }
                out[base + OutputLayout.TARGET_OBJECT] = 1f;
                out[base + OutputLayout.TARGET_CLASS + rnd.nextInt(layout.classes())] = 1f;
            }
        }
        return out;
    }

    @Override
    public void step() {
        trainer.step(images, targets, batch);
    }

    @Override
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("parameters", trainer.parameterCount());
        info.put("forward_flops_per_image",
                NetworkFlops.forward(trainer.network(), trainer.config().inputShape(1)));
        return info;
    }

    @Override
    public Map<String, Object> counters() {
        Map<String, Object> c = new LinkedHashMap<>(trainer.phases());
        c.put("loss", trainer.lastLoss());
        return c;
    }

    @Override
    public void close() {
        trainer.close();
    }
}
