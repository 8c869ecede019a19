package io.jyolo.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.jyolo.data.Batch;
import io.jyolo.data.Seeds;
import io.jyolo.loss.LossParts;
import io.jyolo.loss.LossResult;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.YoloNetwork;
import java.util.function.Consumer;

/**
 * One optimizer step on one batch: forward in training mode, loss, backward, update.
 *
 * <p>Everything the step allocates lives in a sub-manager of the training manager that is closed
 * when the step returns, so native memory stays flat over a run; only the parameters and the
 * optimizer state (attached to the training manager) outlive it.
 *
 * <p>The engine's random seed (dropout) is set from the run's seed and the step's global index
 * before the forward pass, so a resumed run draws the same dropout masks as an uninterrupted one.
 *
 * <p>The step reads nothing back from the device (no host synchronisation, see
 * {@link io.jyolo.engine.HostReads}): the loss parts are added into {@link DeviceLossTotals} on the
 * device. So the step cannot know whether its loss was finite: a NaN or infinite loss is
 * back-propagated and applied like any other, and the caller finds it in the sums when it next reads
 * them ({@link LossTotals#finite()}), before any checkpoint (see {@link Trainer}).
 */
public final class TrainingStep {

    /**
     * Looks at the gradients of a step after the backward pass and before the update (TensorBoard's
     * gradient histograms): afterwards the optimizer has dropped them.
     */
    @FunctionalInterface
    public interface GradientObserver {
        void gradientsReady();
    }

    private final YoloNetwork network;
    private final YoloLoss loss;
    private final Optimizer optimizer;
    private final NDManager manager;
    private final long seed;

    /**
     * @param network   the network to train (initialized, parameters attached to {@code manager})
     * @param loss      the loss to minimize
     * @param optimizer updates the parameters
     * @param manager   the training manager; each step works in a sub-manager of it
     * @param seed      the run's seed, mixed with the global step into the dropout seed
     */
    public TrainingStep(YoloNetwork network, YoloLoss loss, Optimizer optimizer, NDManager manager, long seed) {
        this.network = network;
        this.loss = loss;
        this.optimizer = optimizer;
        this.manager = manager;
        this.seed = seed;
    }

    /**
     * Trains on {@code batch} with learning rate {@code lr} and adds its loss into {@code sums},
     * without reading anything from the device.
     *
     * @param globalStep optimizer steps done before this one (seeds the dropout masks)
     * @param observer   called between backward and update, null for none
     * @param sums       where the batch's loss parts are added
     */
    public void run(Batch batch, double lr, long globalStep, GradientObserver observer, DeviceLossTotals sums) {
        run(batch, lr, globalStep, observer, r -> sums.add(r, batch.size()));
    }

    /**
     * Trains on {@code batch} as {@link #run(Batch, double, long, GradientObserver, DeviceLossTotals)}
     * and returns the batch's loss parts: one host read, for callers that want each batch's numbers.
     */
    public LossParts run(Batch batch, double lr, long globalStep, GradientObserver observer) {
        LossParts[] parts = new LossParts[1];
        run(batch, lr, globalStep, observer, r -> parts[0] = r.parts());
        return parts[0];
    }

    private void run(Batch batch, double lr, long globalStep, GradientObserver observer,
                     Consumer<LossResult> onLoss) {
        Engine.getInstance().setRandomSeed((int) Seeds.mix(seed, globalStep));
        try (NDManager sub = manager.newSubManager()) {
            NDList data = batch.toNDList(sub);
            LossResult r;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                // A fresh store per step: a store caches parameter arrays, and each update replaces them.
                NDArray out = network.forward(new ParameterStore(manager, false), new NDList(data.get(0)), true, null)
                        .singletonOrThrow();
                r = loss.compute(out, data.get(1));
                collector.backward(r.total());
            }
            if (observer != null) {
                observer.gradientsReady();
            }
            optimizer.step(network.getParameters(), lr);
            onLoss.accept(r);
        }
    }

    /** True when a step with these loss parts had a finite loss (it is applied either way). */
    public static boolean applies(LossParts parts) {
        return Double.isFinite(parts.total());
    }
}
