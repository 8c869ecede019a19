package io.jyolo.train;

import ai.djl.Device;
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
import io.jyolo.model.ComputeLayout;
import io.jyolo.model.YoloNetwork;
import java.util.ArrayList;
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
 *
 * <p><b>Several devices</b> ({@code --devices gpu:0,gpu:1}): the batch is cut into consecutive shares, one per
 * device (sizes differing by at most one; a batch smaller than the device count uses fewer). The first device
 * holds the weights and the optimizer state and works on them directly; every other one gets, per step, a
 * copy of all parameters ({@link ReplicaStore}), made after the previous update, which is how the updated
 * weights reach the replicas. Each replica runs its forward pass and its own backward pass on its share's mean
 * loss weighted by the share's fraction of the batch, so the replicas' gradients, added onto the first device,
 * are the gradient of the whole batch's mean loss; the update runs once, there, and the loss parts reach the
 * sums as the whole batch's. jyolo does this itself rather than through DJL's multi-device
 * {@code ParameterStore}: that store refuses a device twice, so it could not run (or be tested) on a machine
 * without GPUs, and it updates through DJL's own optimizers, whose state a checkpoint cannot hold (see
 * {@link Optimizer}). Since only the first device's weights and optimizer state exist between steps, a
 * checkpoint is the same whatever the number of replicas, and a run resumes on any number.
 *
 * <p>What differs from one device on the whole batch:
 * <ul>
 *   <li>BatchNorm normalises each share with that share's own statistics, as PyTorch's DataParallel does (no
 *       synchronised BatchNorm): the gradients are those of a network whose batches are the shares. With
 *       shares whose statistics equal the batch's the results agree to the rounding of float sums
 *       (DataParallelStepTest: within 2e-4 on every weight after three steps, channels-last BatchNorm summing
 *       its statistics in float); on ordinary batches they differ by as much as the statistics of half a
 *       batch differ from those of the whole, so no tolerance holds in general. The running statistics
 *       (what inference normalises with) follow the first share alone, the other replicas' copies being
 *       discarded: estimates from a share instead of the batch, so noisier, as if the batch size had been
 *       a share's.</li>
 *   <li>Dropout draws its masks per replica, so with dropout the steps differ from one device's even
 *       without BatchNorm (as between a CPU and a GPU).</li>
 *   <li>A share of one image fails in a BatchNorm layer whose output is 1 x 1, as a batch of one does on
 *       one device.</li>
 * </ul>
 * With the backbone frozen and a head without BatchNorm or dropout (Fast YOLO's convolutional variant), or
 * with no BatchNorm at all, two replicas give one device's step to the rounding of float sums.
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
    private final List<Device> devices;

    /**
     * @param network   the network to train (initialized, parameters attached to {@code manager})
     * @param loss      the loss to minimize
     * @param optimizer updates the parameters
     * @param manager   the training manager; each step works in a sub-manager of it
     * @param seed      the run's seed, mixed with the global step into the dropout seed
     */
    public TrainingStep(YoloNetwork network, YoloLoss loss, Optimizer optimizer, NDManager manager, long seed) {
        this(network, loss, optimizer, manager, seed, List.of(manager.getDevice()));
    }

    /**
     * A data-parallel step over {@code devices} (see the class comment).
     *
     * @param devices the devices of the replicas; the first must be {@code manager}'s, which holds the weights
     *                and the optimizer state. A device may repeat ({@code cpu, cpu}).
     */
    public TrainingStep(YoloNetwork network, YoloLoss loss, Optimizer optimizer, NDManager manager, long seed,
                        List<Device> devices) {
        if (devices.isEmpty() || !devices.get(0).equals(manager.getDevice())) {
            throw new IllegalArgumentException("the first of the devices " + devices
                    + " must be the training manager's " + manager.getDevice());
        }
        this.devices = List.copyOf(devices);
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
            List<YoloNetwork.Stage> frozen = freezeBackbone ? network.backbone() : List.of();
            PairList<String, Parameter> trainable = frozen.isEmpty() ? network.getParameters() : trainable(frozen);
            optimizer.prepare(trainable);
            int replicas = Math.min(devices.size(), batch.size());
            List<Batch> shares = replicas == 1 ? List.of(batch) : shares(batch, replicas);
            // Replica 0 works on the weights themselves; a fresh store per step: a store caches parameter
            // arrays, and each update replaces them.
            List<ParameterStore> stores = new ArrayList<>();
            stores.add(new ParameterStore(manager, false));
            List<NDList> data = new ArrayList<>();
            data.add(shares.get(0).toNDList(sub));
            for (int i = 1; i < replicas; i++) {
                NDManager onDevice = sub.newSubManager(devices.get(i));
                stores.add(new ReplicaStore(network.getParameters(), onDevice));
                data.add(shares.get(i).toNDList(onDevice));
            }
            heard.phaseEnded(Phase.INPUT);
            List<NDList> features = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                features.add(frozenForward(stores.get(i), data.get(i).get(0), frozen));
            }
            List<LossResult> results = new ArrayList<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                for (int i = 0; i < replicas; i++) {
                    NDArray out = trainableForward(stores.get(i), features.get(i), frozen);
                    if (i == 0) {
                        heard.phaseEnded(Phase.FORWARD); // with several devices: the first replica's
                    }
                    LossResult r = loss.compute(out, data.get(i).get(1));
                    if (i == 0) {
                        heard.phaseEnded(Phase.LOSS);
                    }
                    results.add(r);
                    // each share's mean loss weighted by its share of the batch: the sum is the batch mean
                    collector.backward(replicas == 1 ? r.total()
                            : r.total().mul((float) shares.get(i).size() / batch.size()));
                }
            }
            for (int i = 1; i < replicas; i++) {
                ((ReplicaStore) stores.get(i)).addGradientsTo(trainable);
            }
            heard.phaseEnded(Phase.BACKWARD);
            if (observer != null) {
                observer.gradientsReady();
            }
            optimizer.step(trainable, lr);
            heard.phaseEnded(Phase.UPDATE);
            onLoss.accept(replicas == 1 ? results.get(0) : combine(results, shares, batch.size(), sub));
        }
    }

    /** The frozen stages in inference mode, outside the gradient collector; their output as a constant. */
    private static NDList frozenForward(ParameterStore store, NDArray images, List<YoloNetwork.Stage> frozen) {
        if (frozen.isEmpty()) {
            return new NDList(images); // the network orders its input itself
        }
        NDList features = new NDList(ComputeLayout.of(images));
        for (YoloNetwork.Stage stage : frozen) {
            features = stage.block().forward(store, features, false);
        }
        return new NDList(features.singletonOrThrow().stopGradient());
    }

    /** What follows the frozen stages (the whole network when none is), in training mode. */
    private NDArray trainableForward(ParameterStore store, NDList features, List<YoloNetwork.Stage> frozen) {
        if (frozen.isEmpty()) {
            return network.forward(store, features, true, null).singletonOrThrow();
        }
        for (YoloNetwork.Stage stage : network.stages().subList(frozen.size(), network.stages().size())) {
            features = stage.block().forward(store, features, true);
        }
        return features.singletonOrThrow();
    }

    /** {@code batch} cut into {@code count} consecutive shares whose sizes differ by at most one. */
    static List<Batch> shares(Batch batch, int count) {
        List<Batch> shares = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < count; i++) {
            int to = from + batch.size() / count + (i < batch.size() % count ? 1 : 0);
            shares.add(batch.slice(from, to));
            from = to;
        }
        return shares;
    }

    /**
     * The whole batch's loss from its shares' losses, on the first device: the five mean parts weighted by
     * each share's size, the IoU sum and the object count added. Detached (the backward passes are done).
     */
    private static LossResult combine(List<LossResult> results, List<Batch> shares, int batchSize, NDManager sub) {
        NDArray values = null;
        for (int i = 0; i < results.size(); i++) {
            float w = (float) shares.get(i).size() / batchSize;
            NDArray weights = sub.create(new float[] {w, w, w, w, w, 1f, 1f});
            NDArray part = results.get(i).values().toDevice(sub.getDevice(), false).mul(weights);
            values = values == null ? part : values.add(part);
        }
        return new LossResult(values.get(0), values);
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
}
