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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Updates parameters from their gradients, and owns its state (momentum buffers, Adam moments)
 * so that a checkpoint can save and restore it exactly.
 *
 * <p>DJL's own optimizers keep that state private, which is why the PyTorch original's bug —
 * a resumed run that silently loses its momentum — would be easy to repeat on them; here the
 * state is explicit. Gradients are read from the parameter arrays after backward and dropped
 * after the update (libtorch accumulates them otherwise; see {@link Gradients} for why dropped,
 * not zeroed, and what that asks of a {@code ParameterStore}).
 */
public abstract class Optimizer implements OptimizerState, AutoCloseable {

    /** State arrays by parameter name, then by slot ("momentum", "m", "v"). */
    protected final Map<String, NDArray> state = new LinkedHashMap<>();
    private final NDManager manager;
    private long steps;

    protected Optimizer(NDManager manager) {
        this.manager = manager.newSubManager();
    }

    /** Applies one update to every trainable parameter with rate {@code lr}, then drops their gradients. */
    public void step(PairList<String, Parameter> parameters, double lr) {
        steps++;
        // The step's constants become 0-dim arrays once per step, not once per operation and parameter.
        try (NDManager constants = manager.newSubManager()) {
            ParameterUpdate update = begin(constants, lr, steps);
            for (Pair<String, Parameter> p : parameters) {
                Parameter parameter = p.getValue();
                if (!parameter.requiresGradient() || !parameter.isInitialized()) {
                    continue;
                }
                NDArray weight = parameter.getArray();
                // Every array created in the scope (the gradient handle, temporaries) is closed at its end;
                // state slots unregister themselves and live on in this optimizer's manager.
                try (NDScope scope = new NDScope()) {
                    NDArray grad = weight.getGradient();
                    update.apply(p.getKey(), weight, grad);
                }
                Gradients.release(parameter);
            }
        }
    }

    /**
     * The update of one step, with its constants created in {@code constants}. Implementations may
     * overwrite the gradient: it is spent after the update and dropped right after it, so it serves
     * as scratch space and spares a full-size temporary.
     */
    protected abstract ParameterUpdate begin(NDManager constants, double lr, long step);

    /** Updates one parameter in place from its gradient. */
    @FunctionalInterface
    protected interface ParameterUpdate {
        void apply(String name, NDArray weight, NDArray grad);
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
     * With momentum, no full-size temporary at all: the spent gradient holds {@code wd * w}, then
     * {@code lr * v}. New full-size arrays cost more than their arithmetic (the allocator hands
     * large blocks back to the system, so each new one page-faults anew), which is why nine
     * element-wise operations here beat the seven and three temporaries of a direct transcription.
     * The weight decay joins the buffer after the gradient, {@code v = (momentum * v + g) + wd * w}:
     * PyTorch's formula, summed in another order, so the last bit may differ (PyTorch's vectorised
     * kernel rounds {@code g + wd * w} once, with a fused multiply-add, so it never matched bit for
     * bit). The first step gives {@code v = g + wd * w}, as PyTorch's {@code v = g} does.
     */
    private static final class Sgd extends Optimizer {
        private final float momentum;
        private final float weightDecay;

        Sgd(NDManager manager, double momentum, double weightDecay) {
            super(manager);
            this.momentum = (float) momentum;
            this.weightDecay = (float) weightDecay;
        }

        @Override
        protected ParameterUpdate begin(NDManager constants, double lr, long step) {
            NDArray decay = constants.create(weightDecay);
            NDArray keep = constants.create(momentum);
            NDArray rate = constants.create((float) lr);
            return (name, w, grad) -> {
                if (momentum == 0f) {
                    if (weightDecay != 0f) {
                        grad.addi(w.mul(decay));
                    }
                    w.subi(grad.muli(rate));
                    return;
                }
                boolean fresh = !state.containsKey(name + "/momentum");
                NDArray v = slot(name, "momentum", w);
                if (fresh) {
                    v.addi(grad);
                } else {
                    v.muli(keep).addi(grad);
                }
                if (weightDecay != 0f) {
                    grad.set(all(), w);
                    v.addi(grad.muli(decay));
                }
                grad.set(all(), v);
                w.subi(grad.muli(rate));
            };
        }
    }

    /**
     * Two full-size temporaries per parameter (a scratch array, then {@code sqrt}, which DJL has no
     * in-place form of) where a direct transcription makes seven; the gradient buffer is reused once
     * the moments are updated. Same arithmetic, operation for operation, as the direct form.
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
        private final float eps;
        private final float weightDecay;

        Adam(NDManager manager, double beta1, double beta2, double eps, double weightDecay) {
            super(manager);
            this.beta1 = (float) beta1;
            this.beta2 = (float) beta2;
            this.eps = (float) eps;
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
        protected ParameterUpdate begin(NDManager constants, double lr, long step) {
            ParameterUpdate shared = update(constants, lr, step);
            return (name, w, g) -> {
                if (step > 1 && !state.containsKey(name + "/m")) {
                    counter(name, "start", step - 1);
                    starts.put(name, step - 1);
                }
                Long start = starts.get(name);
                (start == null ? shared : update(constants, lr, step - start)).apply(name, w, g);
            };
        }

        /** The update with the bias correction of a parameter's {@code step}-th update. */
        private ParameterUpdate update(NDManager constants, double lr, long step) {
            double c1 = 1 - Math.pow(beta1, step);
            double c2 = 1 - Math.pow(beta2, step);
            NDArray decay = constants.create(weightDecay);
            NDArray b1 = constants.create(beta1);
            NDArray b2 = constants.create(beta2);
            NDArray rest1 = constants.create(1 - beta1);
            NDArray rest2 = constants.create(1 - beta2);
            NDArray correction2 = constants.create((float) c2);
            NDArray epsilon = constants.create(eps);
            NDArray rate = constants.create((float) (lr / c1));
            return (name, w, g) -> {
                NDArray m = slot(name, "m", w);
                NDArray v = slot(name, "v", w);
                NDArray scratch;
                if (weightDecay != 0f) {
                    scratch = w.mul(decay);
                    g.addi(scratch);
                    scratch.set(all(), g);
                } else {
                    scratch = g.duplicate();
                }
                v.muli(b2).addi(scratch.muli(g).muli(rest2));
                m.muli(b1).addi(g.muli(rest1));
                g.set(all(), v);
                NDArray denom = g.divi(correction2).sqrt().addi(epsilon);
                scratch.set(all(), m);
                w.subi(scratch.divi(denom).muli(rate));
            };
        }
    }
}
