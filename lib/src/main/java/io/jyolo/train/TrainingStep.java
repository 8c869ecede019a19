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
 * <p>A loss that is NaN or infinite is returned without backward pass or update: the caller stops
 * the run with the weights of the last good step.
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

    /**
     * The parts of a step, in the order they run; a {@link PhaseListener} hears the end of each.
     * {@code INPUT}: the batch's floats copied into NDArrays; {@code UPDATE}: the optimizer's step.
     */
    public enum Phase { INPUT, FORWARD, LOSS, BACKWARD, UPDATE }

    /**
     * Hears each {@link Phase} of a step end, so that a caller can see where a step spends its time
     * (the benchmark's per-phase columns) without a copy of the step. Called on the training thread;
     * a step whose loss is not finite ends after {@code LOSS}.
     */
    @FunctionalInterface
    public interface PhaseListener {
        void phaseEnded(Phase phase);
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
     * Trains on {@code batch} with learning rate {@code lr}.
     *
     * @param globalStep optimizer steps done before this one (seeds the dropout masks)
     * @param observer   called between backward and update, null for none
     * @return the batch's loss parts; when {@code total} is not finite, nothing was applied
     */
    public LossParts run(Batch batch, double lr, long globalStep, GradientObserver observer) {
        return run(batch, lr, globalStep, observer, null);
    }

    /**
     * {@link #run(Batch, double, long, GradientObserver)}, telling {@code phases} (null for none) as
     * each {@link Phase} ends.
     */
    public LossParts run(Batch batch, double lr, long globalStep, GradientObserver observer, PhaseListener phases) {
        PhaseListener heard = phases == null ? p -> { } : phases;
        Engine.getInstance().setRandomSeed((int) Seeds.mix(seed, globalStep));
        try (NDManager sub = manager.newSubManager()) {
            NDList data = batch.toNDList(sub);
            heard.phaseEnded(Phase.INPUT);
            LossResult r;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                // A fresh store per step: a store caches parameter arrays, and each update replaces them.
                NDArray out = network.forward(new ParameterStore(manager, false), new NDList(data.get(0)), true, null)
                        .singletonOrThrow();
                heard.phaseEnded(Phase.FORWARD);
                r = loss.compute(out, data.get(1));
                heard.phaseEnded(Phase.LOSS);
                if (!applies(r.parts())) {
                    return r.parts();
                }
                collector.backward(r.total());
            }
            heard.phaseEnded(Phase.BACKWARD);
            if (observer != null) {
                observer.gradientsReady();
            }
            optimizer.step(network.getParameters(), lr);
            heard.phaseEnded(Phase.UPDATE);
            return r.parts();
        }
    }

    /** True when a step with these loss parts was applied (its loss is finite). */
    public static boolean applies(LossParts parts) {
        return Double.isFinite(parts.total());
    }
}
