package io.jyolo.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.jyolo.data.Batch;
import io.jyolo.data.Seeds;
import io.jyolo.loss.LossParts;
import io.jyolo.loss.LossResult;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.YoloNetwork;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
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

    /**
     * The parts of a step, in the order they run; a {@link PhaseListener} hears the end of each.
     * {@code INPUT}: the batch's floats copied into NDArrays; {@code UPDATE}: the optimizer's step.
     */
    public enum Phase { INPUT, FORWARD, LOSS, BACKWARD, UPDATE }

    /**
     * Hears each {@link Phase} of a step end, so that a caller can see where a step spends its time
     * (the benchmark's per-phase columns) without a copy of the step. Called on the training thread.
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
     * Trains on {@code batch} with learning rate {@code lr}, every parameter, and adds its loss into
     * {@code sums}, without reading anything from the device.
     *
     * @param globalStep optimizer steps done before this one (seeds the dropout masks)
     * @param observer   called between backward and update, null for none
     * @param sums       where the batch's loss parts are added
     */
    public void run(Batch batch, double lr, long globalStep, GradientObserver observer, DeviceLossTotals sums) {
        run(batch, lr, globalStep, false, observer, sums);
    }

    /**
     * Trains on {@code batch} as {@link #run(Batch, double, long, GradientObserver, DeviceLossTotals)};
     * with {@code freezeBackbone}, only what follows the backbone (see
     * {@link #run(Batch, double, long, boolean, GradientObserver)}).
     */
    public void run(Batch batch, double lr, long globalStep, boolean freezeBackbone, GradientObserver observer,
                    DeviceLossTotals sums) {
        run(batch, lr, globalStep, freezeBackbone, observer, sums, null);
    }

    /**
     * Trains on {@code batch} as {@link #run(Batch, double, long, boolean, GradientObserver, DeviceLossTotals)},
     * telling {@code phases} (null for none) as each {@link Phase} ends: the benchmark times the
     * Trainer's own step this way.
     */
    public void run(Batch batch, double lr, long globalStep, boolean freezeBackbone, GradientObserver observer,
                    DeviceLossTotals sums, PhaseListener phases) {
        train(batch, lr, globalStep, freezeBackbone, observer, phases, r -> sums.add(r, batch.size()));
    }

    /**
     * Trains on {@code batch} as {@link #run(Batch, double, long, GradientObserver, DeviceLossTotals)}
     * and returns the batch's loss parts: one host read, for callers that want each batch's numbers.
     */
    public LossParts run(Batch batch, double lr, long globalStep, GradientObserver observer) {
        return run(batch, lr, globalStep, false, observer);
    }

    /**
     * Trains on {@code batch} with learning rate {@code lr}; with {@code freezeBackbone}, only what
     * follows the backbone ({@link YoloNetwork#backbone()}).
     *
     * <p>A frozen backbone runs in inference mode before the gradient collector opens: its BatchNorm
     * layers normalise with their running statistics and leave them as they are (batch statistics of
     * small fine-tuning batches would shift statistics learnt on far more images), no gradient is
     * computed for it, and the optimizer neither moves its weights nor creates or changes state for
     * them. Its output enters the rest of the network as a constant.
     *
     * @param globalStep     optimizer steps done before this one (seeds the dropout masks)
     * @param freezeBackbone true to keep the backbone exactly as it is
     * @param observer       called between backward and update, null for none
     * @return the batch's loss parts (one host read; the step is applied whatever the loss)
     */
    public LossParts run(Batch batch, double lr, long globalStep, boolean freezeBackbone, GradientObserver observer) {
        LossParts[] parts = new LossParts[1];
        train(batch, lr, globalStep, freezeBackbone, observer, null, r -> parts[0] = r.parts());
        return parts[0];
    }

    /** The step itself; every public {@code run} comes here. */
    private void train(Batch batch, double lr, long globalStep, boolean freezeBackbone, GradientObserver observer,
                       PhaseListener phases, Consumer<LossResult> onLoss) {
        PhaseListener heard = phases == null ? p -> { } : phases;
        Engine.getInstance().setRandomSeed((int) Seeds.mix(seed, globalStep));
        try (NDManager sub = manager.newSubManager()) {
            NDList data = batch.toNDList(sub);
            heard.phaseEnded(Phase.INPUT);
            // A fresh store per step: a store caches parameter arrays, and each update replaces them.
            ParameterStore store = new ParameterStore(manager, false);
            List<YoloNetwork.Stage> frozen = freezeBackbone ? network.backbone() : List.of();
            NDList features = new NDList(data.get(0));
            for (YoloNetwork.Stage stage : frozen) {
                features = stage.block().forward(store, features, false);
            }
            if (!frozen.isEmpty()) {
                features = new NDList(features.singletonOrThrow().stopGradient());
            }
            LossResult r;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out;
                if (frozen.isEmpty()) {
                    out = network.forward(store, features, true, null).singletonOrThrow();
                } else {
                    for (YoloNetwork.Stage stage : network.stages().subList(frozen.size(), network.stages().size())) {
                        features = stage.block().forward(store, features, true);
                    }
                    out = features.singletonOrThrow();
                }
                heard.phaseEnded(Phase.FORWARD);
                r = loss.compute(out, data.get(1));
                heard.phaseEnded(Phase.LOSS);
                collector.backward(r.total());
            }
            heard.phaseEnded(Phase.BACKWARD);
            if (observer != null) {
                observer.gradientsReady();
            }
            optimizer.step(frozen.isEmpty() ? network.getParameters() : trainable(frozen), lr);
            heard.phaseEnded(Phase.UPDATE);
            onLoss.accept(r);
        }
    }

    /** The network's parameters outside the {@code frozen} stages. */
    private PairList<String, Parameter> trainable(List<YoloNetwork.Stage> frozen) {
        Set<Parameter> held = Collections.newSetFromMap(new IdentityHashMap<>());
        for (YoloNetwork.Stage stage : frozen) {
            stage.block().getParameters().values().forEach(held::add);
        }
        PairList<String, Parameter> trainable = new PairList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (!held.contains(p.getValue())) {
                trainable.add(p);
            }
        }
        return trainable;
    }

    /** True when a step with these loss parts had a finite loss (it is applied either way). */
    public static boolean applies(LossParts parts) {
        return Double.isFinite(parts.total());
    }
}
