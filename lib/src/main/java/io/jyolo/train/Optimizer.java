package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
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
 * <p>SGD and Adam update with fused native calls of DJL's PyTorch engine rather than one call per
 * element-wise operation: one call per large parameter, and one per {@link FlatGroup} of small ones
 * (same numbers, far fewer launches). Each class says how its call is made to compute PyTorch's
 * formula, and OptimizerTest holds the element-wise forms they replaced as the reference.
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

    protected Optimizer(NDManager manager) {
        this.manager = manager.newSubManager();
    }

    /**
     * Applies one update to every trainable parameter with rate {@code lr}, then drops their gradients.
     * Small parameters are updated together, one call per group (see {@link FlatGroup}), the others one
     * call each; both give the same numbers.
     */
    public void step(PairList<String, Parameter> parameters, double lr) {
        steps++;
        // The step's constants become 0-dim arrays once per step, not once per operation and parameter.
        try (NDManager constants = manager.newSubManager()) {
            ParameterUpdate update = begin(constants, lr, steps);
            Map<Long, List<Pair<String, Parameter>>> grouped = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : parameters) {
                Parameter parameter = p.getValue();
                if (!parameter.requiresGradient() || !parameter.isInitialized()) {
                    continue;
                }
                String name = p.getKey();
                long start = firstUpdate(name, steps);
                NDArray weight = parameter.getArray();
                if (groupSlots() != null && FlatGroup.fits(weight, groupLimit)) {
                    grouped.computeIfAbsent(start, k -> new ArrayList<>()).add(p);
                    continue;
                }
                // Every array created in the scope (the gradient handle, temporaries) is closed at its end;
                // state slots unregister themselves and live on in this optimizer's manager.
                try (NDScope scope = new NDScope()) {
                    update.apply(slots(name, weight, steps - start), weight, weight.getGradient());
                }
                Gradients.release(parameter);
            }
            for (var it = groups.entrySet().iterator(); it.hasNext(); ) {
                var group = it.next();
                if (!grouped.containsKey(group.getKey())) {
                    group.getValue().close();
                    it.remove();
                }
            }
            grouped.forEach((start, members) -> updateGroup(start, members, update));
        }
    }

    /** One update of the group of {@code members}, laid out anew if it is not laid out as they are now. */
    private void updateGroup(long start, List<Pair<String, Parameter>> members, ParameterUpdate update) {
        List<Parameter> params = members.stream().map(Pair::getValue).toList();
        FlatGroup group = groups.get(start);
        boolean laidOut = group == null || !group.holds(params, state);
        try (NDScope scope = new NDScope()) {
            NDArray grad = FlatGroup.gradients(params); // read before a new layout drops the old arrays
            if (laidOut) {
                if (group != null) {
                    group.close();
                }
                group = FlatGroup.layOut(members.stream().map(Pair::getKey).toList(), params, groupSlots(), state,
                        manager);
                groups.put(start, group);
            }
            update.apply(new Slots(group::slot, steps - start, null), group.weights(), grad);
        }
        if (!laidOut) {
            group.releaseGradients(); // a new layout's arrays start without gradients
        }
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

    /** Updates parameters in place from their gradient: one parameter, or a flat group of them. */
    @FunctionalInterface
    protected interface ParameterUpdate {
        void apply(Slots slots, NDArray weight, NDArray grad);
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

    /** The named state array, created as zeros like {@code like} on first use. */
    protected NDArray slot(String name, String slot, NDArray like) {
        return state.computeIfAbsent(name + "/" + slot, k -> {
            NDArray a = manager.zeros(like.getShape(), like.getDataType(), like.getDevice());
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
     * PyTorch's SGD through DJL's fused update, one native call per parameter
     * ({@code JniUtils.sgdUpdate}) instead of nine element-wise calls.
     *
     * <p>That call is MXNet's SGD: its buffer holds {@code s = momentum' * s + lr * (g + wd * w)} and
     * it does {@code w -= s}, so the buffer is PyTorch's {@code v} times the rate. With a rate that
     * changes from step to step that is a different optimizer, unless the old buffer is rescaled to
     * the new rate; here it is, through the momentum the call is given: with {@code s = c * v} (c the
     * previous step's rate), {@code momentum' = momentum * lr / c} gives
     * {@code s = lr * (momentum * v + g + wd * w) = lr * v_new}, and {@code w -= s} is PyTorch's
     * {@code w -= lr * v_new}. Equal in exact arithmetic; in float the rescaling rounds once more per
     * step (OptimizerTest pins it to the element-wise form over 20 steps). A step with rate 0 updates
     * the buffer alone, keeping its scale.
     *
     * <p>The checkpoint stores the buffers as they are ({@code lr * v}) and the scale beside them, so a
     * resumed run continues bit for bit; a checkpoint without a scale (written before this form) holds
     * PyTorch's {@code v}, scale 1.
     */
    private static final class Sgd extends Optimizer {
        private static final String SCALE = "__momentumScale__";
        private final float momentum;
        private final float weightDecay;
        /** The rate the momentum buffers are multiplied by; NaN before the first step with momentum. */
        private float scale = Float.NaN;

        Sgd(NDManager manager, double momentum, double weightDecay) {
            super(manager);
            this.momentum = (float) momentum;
            this.weightDecay = (float) weightDecay;
        }

        @Override
        protected ParameterUpdate begin(NDManager constants, double lr, long step) {
            float rate = (float) lr;
            if (momentum == 0f) {
                return (slots, w, g) -> JniUtils.sgdUpdate((PtNDArray) w, (PtNDArray) g, null, rate, weightDecay, 1f,
                        -1f, 0f);
            }
            if (rate == 0f) {
                float c = Float.isNaN(scale) ? 1f : scale;
                scale = c;
                return (slots, w, g) -> slots.slot("momentum").muli(momentum)
                        .addi(g.addi(w.mul(weightDecay)).muli(c));
            }
            // Fresh buffers are zero, so their first momentum' does not matter.
            float rescaled = Float.isNaN(scale) ? momentum : (float) ((double) momentum * rate / scale);
            scale = rate;
            return (slots, w, g) -> JniUtils.sgdUpdate((PtNDArray) w, (PtNDArray) g,
                    (PtNDArray) slots.slot("momentum"), rate, weightDecay, 1f, -1f, rescaled);
        }

        @Override
        protected List<String> groupSlots() {
            return momentum == 0f ? List.of() : List.of("momentum");
        }

        @Override
        public NDList saveState(NDManager target) {
            NDList list = super.saveState(target);
            if (!Float.isNaN(scale)) {
                NDArray a = target.create(new float[] {scale});
                a.setName(SCALE);
                list.add(a);
            }
            return list;
        }

        @Override
        public void loadState(NDList saved) {
            NDList slots = new NDList();
            scale = 1f;
            for (NDArray a : saved) {
                if (SCALE.equals(a.getName())) {
                    scale = a.toFloatArray()[0];
                } else {
                    slots.add(a);
                }
            }
            super.loadState(slots);
        }
    }

    /**
     * PyTorch's Adam through DJL's fused update, one native call per parameter
     * ({@code JniUtils.adamUpdate}) instead of about twelve element-wise calls.
     *
     * <p>That call updates the moments as PyTorch does ({@code g += wd * w},
     * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2}) but then does
     * {@code w -= r * m / (sqrt(v) + e)}, where PyTorch does
     * {@code w -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps)} (c1, c2 the bias corrections). Multiplying
     * PyTorch's numerator and denominator by {@code sqrt(c2)} gives the call's form with
     * {@code r = lr sqrt(c2) / c1} and {@code e = eps sqrt(c2)}, which is what it is given: the same
     * update in exact arithmetic, and the same moments, so checkpoints are unchanged.
     *
     * <p>The bias correction counts each parameter's own updates, as PyTorch's Adam does: a parameter
     * first updated after the run's first step (a backbone thawed after frozen epochs) has its moments
     * start at zero, and correcting them by the run's step count would make its first steps several
     * times the rate. Such a parameter keeps the step it started after in a {@code start} slot (saved
     * with the moments); one without it (every parameter of a run that never froze, and checkpoints
     * from before) counts from the run's first step.
     */
    private static final class Adam extends Optimizer {
        private final float beta1;
        private final float beta2;
        private final double eps;
        private final float weightDecay;

        Adam(NDManager manager, double beta1, double beta2, double eps, double weightDecay) {
            super(manager);
            this.beta1 = (float) beta1;
            this.beta2 = (float) beta2;
            this.eps = eps;
            this.weightDecay = (float) weightDecay;
        }

        /** For parameters whose first update came after the run's first step: the step before it. */
        private final Map<String, Long> starts = new java.util.HashMap<>();

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

        /** The fused update, with the bias correction of the parameters' own update count. */
        @Override
        protected ParameterUpdate begin(NDManager constants, double lr, long step) {
            return (slots, w, g) -> {
                double root2 = Math.sqrt(1 - Math.pow(beta2, slots.updates()));
                float rate = (float) (lr * root2 / (1 - Math.pow(beta1, slots.updates())));
                float epsilon = (float) (eps * root2);
                JniUtils.adamUpdate((PtNDArray) w, (PtNDArray) g, (PtNDArray) slots.slot("m"),
                        (PtNDArray) slots.slot("v"), (float) lr, rate, weightDecay, 1f, -1f, beta1, beta2, epsilon,
                        false);
            };
        }
    }
}
