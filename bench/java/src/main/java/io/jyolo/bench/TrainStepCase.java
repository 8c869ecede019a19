package io.jyolo.bench;

import ai.djl.Device;
import io.jyolo.data.Batch;
import io.jyolo.data.Resize;
import io.jyolo.data.ResizeMode;
import io.jyolo.model.Architecture;
import io.jyolo.model.OutputLayout;
import io.jyolo.train.DeviceLossTotals;
import io.jyolo.train.LossTotals;
import io.jyolo.train.TrainingStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The library's training step ({@link TrainingStep#run}, what {@code io.jyolo.train.Trainer} calls for
 * every batch) on a fixed random batch, data loading excluded: random images in [-1, 1] and targets with
 * three objects per image in distinct random cells, as the PyTorch reference does. The step's time
 * includes copying the batch's floats into NDArrays ({@code input_s}), as in a real run.
 */
final class TrainStepCase implements BenchCase {

    private final StepRig rig;
    private final Batch batch;
    private final PhaseClock clock = new PhaseClock();
    private long globalStep;
    /** The last step's loss, left on the device as the Trainer leaves it, until {@link #lastLoss} reads it. */
    private DeviceLossTotals last;

    TrainStepCase(Architecture architecture, int inputSize, int batch, Device device, long seed) {
        this.rig = new StepRig(architecture, inputSize, 20, device, seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] images = new float[batch * 3 * inputSize * inputSize];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        OutputLayout layout = rig.config().layout();
        float[] targets = randomTargets(layout, batch, 3, rnd);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            ids.add("random-" + i);
        }
        this.batch = new Batch(0, images, targets, ids,
                Collections.nCopies(batch, Resize.of(ResizeMode.STRETCH, inputSize, inputSize, inputSize)),
                Collections.nCopies(batch, List.of()), inputSize, layout);
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
        clock.start();
        if (last != null) {
            last.close();
        }
        last = new DeviceLossTotals(rig.manager(), LossTotals.ZERO);
        // the Trainer's call: the loss is added on the device and not read inside the step
        rig.step().run(batch, StepRig.LR, globalStep++, false, null, last, clock);
    }

    /** The loss of the last step (one read from the device); it must be finite. */
    double lastLoss() {
        if (last == null) {
            return Double.NaN;
        }
        LossTotals t = last.read();
        if (!t.finite()) {
            throw new IllegalStateException("the training step's loss became " + t.meanLoss());
        }
        return t.meanLoss();
    }

    StepRig rig() {
        return rig;
    }

    @Override
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("timed_class", TrainingStep.class.getName());
        info.put("parameters", rig.parameterCount());
        info.put("forward_flops_per_image", NetworkFlops.forward(rig.network(), rig.config().inputShape(1)));
        return info;
    }

    @Override
    public Map<String, Object> counters() {
        Map<String, Object> c = new LinkedHashMap<>(clock.counters());
        c.put("loss", lastLoss());
        return c;
    }

    @Override
    public void close() {
        if (last != null) {
            last.close();
        }
        rig.close();
    }
}
