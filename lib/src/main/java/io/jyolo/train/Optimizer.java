package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.jyolo.run.OptimizerState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Updates parameters from their gradients, and owns its state (momentum buffers, Adam moments)
 * so that a checkpoint can save and restore it exactly.
 *
 * <p>DJL's own optimizers keep that state private, which is why the PyTorch original's bug —
 * a resumed run that silently loses its momentum — would be easy to repeat on them; here the
 * state is explicit. Gradients are read from the parameter arrays after backward and dropped
 * after the update (libtorch accumulates them otherwise; see {@link Gradients} for why dropped,
 * not zeroed, and what that asks of a {@code ParameterStore}).
 *
 * <p>SGD and Adam are {@code torch.optim}'s multi-tensor code run by a small TorchScript program
 * ({@link UpdateScript}): one native call per step for every parameter, small ones laid out as
 * {@link FlatGroup}s, with no more passes over memory than PyTorch's. OptimizerTest holds the
 * element-wise forms they replaced as the reference.
 */
public abstract class Optimizer implements OptimizerState, AutoCloseable {

    /** State arrays by parameter name, then by slot ("momentum", "m", "v"). */
    protected final Map<String, NDArray> state = new LinkedHashMap<>();
    private final NDManager manager;
    private long steps;
    /** Parameters with at most this many elements are updated in groups (see {@link FlatGroup}). */
    private long groupLimit = FlatGroup.MAX_ELEMENTS;
    /** The groups by the step before their members' first update (Adam corrects by it; 0 for most). */
    private final Map<Long, FlatGroup> groups = new LinkedHashMap<>();
    private UpdateScript script;
    private final WeightLayout layout = new WeightLayout();

    protected Optimizer(NDManager manager) {
        this.manager = manager.newSubManager();
    }

    /**
     * Applies one update to every trainable parameter with rate {@code lr}, then drops their gradients.
     * Small parameters are updated together as flat groups (see {@link FlatGroup}), the others alone;
     * both give the same numbers. All of them go to the update at once, so a fused update is one
     * native call per step.
     */
    public void step(PairList<String, Parameter> parameters, double lr) {
        steps++;
        List<Pair<String, Parameter>> alone = new ArrayList<>();
        List<FlatGroup> kept = new ArrayList<>();
        // Every array created in the scope (the gradient handles, a group's gathered gradients, temporaries)
        // is closed at its end; state slots unregister themselves and live on in this optimizer's manager.
        // Constants of an element-wise update become 0-dim arrays once per step, not once per parameter.
        try (NDManager constants = manager.newSubManager(); NDScope scope = new NDScope()) {
            ParameterUpdate update = begin(constants, lr, steps);
            List<Target> targets = new ArrayList<>();
            Map<Long, List<Pair<String, Parameter>>> grouped = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : parameters) {
                Parameter parameter = p.getValue();
                if (!parameter.requiresGradient() || !parameter.isInitialized()) {
                    continue;
                }
                String name = p.getKey();
                long start = firstUpdate(name, steps);
                NDArray weight = parameter.getArray();
                if (inGroup(weight)) {
                    grouped.computeIfAbsent(start, k -> new ArrayList<>()).add(p);
                    continue;
                }
                Slots slots = slots(name, weight, steps - start);
                if (groupSlots() != null) {
                    groupSlots().forEach(slots::slot); // created in parameter order, before any group's
                }
                targets.add(new Target(weight, weight.getGradient(), slots));
                alone.add(p);
            }
            for (var it = groups.entrySet().iterator(); it.hasNext(); ) {
                var group = it.next();
                if (!grouped.containsKey(group.getKey())) {
                    group.getValue().close();
                    it.remove();
                }
            }
            grouped.forEach((start, members) -> targets.add(groupTarget(start, members, kept)));
            update.apply(targets);
        }
        alone.forEach(p -> layout.release(p.getKey(), p.getValue()));
        kept.forEach(FlatGroup::releaseGradients); // a new layout's arrays start without gradients
    }

    /**
     * The group of {@code members} as one update target, laid out anew if it is not laid out as they
     * are now; a group that is kept as it was goes into {@code kept}.
     */
    private Target groupTarget(long start, List<Pair<String, Parameter>> members, List<FlatGroup> kept) {
        List<Parameter> params = members.stream().map(Pair::getValue).toList();
        FlatGroup old = groups.get(start);
        NDArray grad = FlatGroup.gradients(params); // read before a new layout drops the old arrays
        FlatGroup group;
        if (old != null && old.holds(params, state)) {
            group = old;
            kept.add(group);
        } else {
            if (old != null) {
                old.close();
            }
            group = FlatGroup.layOut(members.stream().map(Pair::getKey).toList(), params, groupSlots(), state,
                    manager);
            groups.put(start, group);
        }
        return new Target(group.weights(), grad, new Slots(group::slot, steps - start, null));
    }

    /** The slots of parameter {@code name}, its state arrays created as zeros like {@code weight} on first use. */
    private Slots slots(String name, NDArray weight, long updates) {
        return new Slots(slot -> slot(name, slot, weight), updates, name);
    }

    /** Sets the group size limit (tests: 0 updates every parameter alone); returns this optimizer. */
    Optimizer groupLimit(long elements) {
        this.groupLimit = elements;
        return this;
    }

    /**
     * Before a step's forward pass: puts the convolution kernels this optimizer updates alone (not in a
     * {@link FlatGroup}), and their state, in the order the network computes in ({@link WeightLayout}).
     * Without this call the kernels stay in the order they have: the same values up to rounding, computed slower.
     */
    public void prepare(PairList<String, Parameter> parameters) {
        for (Pair<String, Parameter> p : parameters) {
            Parameter parameter = p.getValue();
            if (parameter.requiresGradient() && parameter.isInitialized() && !inGroup(parameter.getArray())) {
                layout.order(p.getKey(), parameter, state);
            }
        }
    }

    /** Whether a parameter with these weights is updated in a {@link FlatGroup} rather than alone. */
    private boolean inGroup(NDArray weight) {
        return groupSlots() != null && FlatGroup.fits(weight, groupLimit);
    }

    /**
     * The update of one step, with its constants created in {@code constants}. Implementations may
     * overwrite the gradient: it is spent after the update and dropped right after it, so it serves
     * as scratch space and spares a full-size temporary.
     */
    protected abstract ParameterUpdate begin(NDManager constants, double lr, long step);

    /**
     * The state slots the update uses, so that a group's can be laid out before its first update; an
     * empty list if it uses none. {@code null} (the default): this optimizer updates parameters one by one.
     */
    protected List<String> groupSlots() {
        return null;
    }

    /**
     * Called before each parameter's update: the step before parameter {@code name}'s first update, 0
     * for a parameter updated from the run's first step (the default).
     */
    protected long firstUpdate(String name, long step) {
        return 0;
    }

    /** Updates parameters in place from their gradients: all of a step's at once. */
    @FunctionalInterface
    protected interface ParameterUpdate {
        /** Updates every target (distinct parameters or groups of them). */
        void apply(List<Target> targets);

        /** The update that applies {@code one} to each target in turn. */
        static ParameterUpdate each(OneUpdate one) {
            return targets -> targets.forEach(t -> one.apply(t.slots(), t.weight(), t.grad()));
        }
    }

    /** Updates one parameter, or one flat group of them, in place from its gradient. */
    @FunctionalInterface
    protected interface OneUpdate {
        void apply(Slots slots, NDArray weight, NDArray grad);
    }

    /**
     * One parameter, or one flat group of them, to update.
     *
     * @param weight the weights, updated in place
     * @param grad   their gradient; the update may overwrite it
     * @param slots  their state
     */
    protected record Target(NDArray weight, NDArray grad, Slots slots) {
    }

    /** The targets' weights, in order. */
    static List<NDArray> weights(List<Target> targets) {
        return targets.stream().map(Target::weight).toList();
    }

    /** The targets' gradients, in order. */
    static List<NDArray> grads(List<Target> targets) {
        return targets.stream().map(Target::grad).toList();
    }

    /**
     * The targets' state slots: one list per name in {@code names}. Missing slots are created target by
     * target, all of a parameter's at once, which is the order checkpoints list them in.
     */
    static List<List<NDArray>> slots(List<Target> targets, String... names) {
        List<List<NDArray>> lists = new ArrayList<>();
        for (String ignored : names) {
            lists.add(new ArrayList<>());
        }
        for (Target t : targets) {
            for (int k = 0; k < names.length; k++) {
                lists.get(k).add(t.slots().slot(names[k]));
            }
        }
        return lists;
    }

    /** The update program, loaded into this optimizer's manager on first use. */
    UpdateScript script() {
        if (script == null) {
            script = UpdateScript.load(manager);
        }
        return script;
    }

    /**
     * What an update needs besides weights and gradient.
     *
     * @param lookup  the state array of a slot (shaped like the weights), zeros before the first update
     * @param updates updates of these parameters so far, this one included (what Adam's bias correction counts)
     * @param name    the parameter's name; {@code null} for a group
     */
    protected record Slots(Function<String, NDArray> lookup, long updates, String name) {
        /** The state array {@code slot}. */
        public NDArray slot(String slot) {
            return lookup.apply(slot);
        }
    }

    /** Indexes a whole array: {@code target.set(all(), source)} copies into an existing array. */
    protected static NDIndex all() {
        return new NDIndex("...");
    }

    /** The named state array, created as zeros like {@code like} (shape, type, device, memory order) on first use. */
    protected NDArray slot(String name, String slot, NDArray like) {
        return state.computeIfAbsent(name + "/" + slot, k -> {
            NDArray a;
            try (NDArray detached = like.stopGradient()) {
                a = detached.duplicate(); // the weights' memory order, which DJL's zerosLike does not keep
            }
            a.set(all(), 0f);
            a.attach(manager);
            NDScope.unregister(a);
            a.setName(k);
            return a;
        });
    }

    /**
     * A named state array holding the single number {@code value} (bookkeeping that a checkpoint must
     * carry along with the buffers).
     */
    protected NDArray counter(String name, String slot, long value) {
        NDArray a = manager.create(new long[] {value});
        NDScope.unregister(a);
        a.setName(name + "/" + slot);
        state.put(name + "/" + slot, a);
        return a;
    }

    /** Updates applied so far. */
    public long steps() {
        return steps;
    }

    /** The state to checkpoint: named arrays (copies) plus the step count. */
    @Override
    public NDList saveState(NDManager target) {
        NDList list = new NDList();
        NDArray count = target.create(new long[] {steps});
        count.setName("__steps__");
        list.add(count);
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            NDArray copy = e.getValue().duplicate();
            copy.attach(target);
            copy.setName(e.getKey());
            list.add(copy);
        }
        return list;
    }

    /** Restores what {@link #saveState} produced (arrays are copied into this optimizer). */
    @Override
    public void loadState(NDList saved) {
        groups.values().forEach(FlatGroup::close);
        groups.clear();
        state.values().forEach(NDArray::close);
        state.clear();
        layout.forget();
        for (NDArray a : saved) {
            if ("__steps__".equals(a.getName())) {
                steps = a.toLongArray()[0];
                continue;
            }
            NDArray copy = a.duplicate();
            copy.attach(manager);
            copy.setName(a.getName());
            state.put(a.getName(), copy);
        }
    }

    @Override
    public void close() {
        if (script != null) {
            script.close();
        }
        manager.close();
    }

    /**
     * SGD with momentum and weight decay, with PyTorch's semantics: {@code g += wd * w},
     * {@code v = momentum * v + g} (v = g on the first step), {@code w -= lr * v}.
     */
    public static Optimizer sgd(NDManager manager, double momentum, double weightDecay) {
        return new Sgd(manager, momentum, weightDecay);
    }

    /** Adam (Kingma and Ba) with L2 weight decay added to the gradient, as PyTorch's Adam does. */
    public static Optimizer adam(NDManager manager, double beta1, double beta2, double eps, double weightDecay) {
        return new Adam(manager, beta1, beta2, eps, weightDecay);
    }

    /**
     * {@code torch.optim.SGD} (dampening 0, not Nesterov), computed by {@link UpdateScript}: libtorch's
     * ops in PyTorch's order, so the buffers are PyTorch's {@code v} and checkpoints hold them as they are.
     *
     * <p>Checkpoints of jyolo 0.8 held {@code lr * v} (the form DJL's fused call keeps) and that rate
     * beside them as {@code __momentumScale__}; they are divided back on loading, so such a run resumes
     * with one more rounding of its buffers. Checkpoints without the scale hold {@code v} already.
     */
    private static final class Sgd extends Optimizer {
        private static final String SCALE = "__momentumScale__";
        private final double momentum;
        private final double weightDecay;

        Sgd(NDManager manager, double momentum, double weightDecay) {
            super(manager);
            this.momentum = momentum;
            this.weightDecay = weightDecay;
        }

        @Override
        protected ParameterUpdate begin(NDManager constants, double lr, long step) {
            return targets -> script().sgd(weights(targets), grads(targets),
                    momentum == 0 ? List.of() : slots(targets, "momentum").get(0), lr, momentum, weightDecay);
        }

        @Override
        protected List<String> groupSlots() {
            return momentum == 0 ? List.of() : List.of("momentum");
        }

        @Override
        public void loadState(NDList saved) {
            NDList slots = new NDList();
            float scale = 1f;
            for (NDArray a : saved) {
                if (SCALE.equals(a.getName())) {
                    scale = a.toFloatArray()[0];
                } else {
                    slots.add(a);
                }
            }
            super.loadState(slots);
            if (scale != 1f) {
                for (Map.Entry<String, NDArray> e : state.entrySet()) {
                    if (e.getKey().endsWith("/momentum")) {
                        e.getValue().divi(scale);
                    }
                }
            }
        }
    }

    /**
     * {@code torch.optim.Adam} (L2 weight decay added to the gradient, not AMSGrad), computed by
     * {@link UpdateScript}: libtorch's ops in PyTorch's order, on PyTorch's moments.
     *
     * <p>The bias correction counts each parameter's own updates, as PyTorch's Adam does: a parameter
     * first updated after the run's first step (a backbone thawed after frozen epochs) has its moments
     * start at zero, and correcting them by the run's step count would make its first steps several
     * times the rate. Such a parameter keeps the step it started after in a {@code start} slot (saved
     * with the moments); one without it (every parameter of a run that never froze, and checkpoints
     * from before) counts from the run's first step. Parameters at different counts go to the program
     * in one call per count.
     */
    private static final class Adam extends Optimizer {
        private final double beta1;
        private final double beta2;
        private final double eps;
        private final double weightDecay;
        /** For parameters whose first update came after the run's first step: the step before it. */
        private final Map<String, Long> starts = new java.util.HashMap<>();

        Adam(NDManager manager, double beta1, double beta2, double eps, double weightDecay) {
            super(manager);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.weightDecay = weightDecay;
        }

        @Override
        public void loadState(NDList saved) {
            super.loadState(saved);
            starts.clear();
            for (Map.Entry<String, NDArray> e : state.entrySet()) {
                if (e.getKey().endsWith("/start")) {
                    starts.put(e.getKey().substring(0, e.getKey().length() - "/start".length()),
                            e.getValue().toLongArray()[0]);
                }
            }
        }

        @Override
        protected long firstUpdate(String name, long step) {
            if (step > 1 && !state.containsKey(name + "/m")) {
                counter(name, "start", step - 1);
                starts.put(name, step - 1);
            }
            return starts.getOrDefault(name, 0L);
        }

        @Override
        protected List<String> groupSlots() {
            return List.of("m", "v");
        }

        @Override
        protected ParameterUpdate begin(NDManager constants, double lr, long step) {
            return targets -> {
                Map<Long, List<Target>> byCount = new LinkedHashMap<>();
                targets.forEach(t -> byCount.computeIfAbsent(t.slots().updates(), k -> new ArrayList<>()).add(t));
                byCount.forEach((updates, same) -> {
                    List<List<NDArray>> moments = slots(same, "m", "v");
                    script().adam(weights(same), grads(same), moments.get(0), moments.get(1), lr, beta1, beta2,
                            eps, weightDecay, updates);
                });
            };
        }
    }
}
