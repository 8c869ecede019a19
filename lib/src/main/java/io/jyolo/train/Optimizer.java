package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Updates parameters from their gradients, and owns its state (momentum buffers, Adam moments)
 * so that a checkpoint can save and restore it exactly.
 *
 * <p>DJL's own optimizers keep that state private, which is why the original project's bug —
 * a resumed run that silently loses its momentum — would be easy to repeat on them; here the
 * state is explicit. Gradients are read from the parameter arrays after backward and zeroed
 * after the update (libtorch accumulates them otherwise).
 */
public abstract class Optimizer implements AutoCloseable {

    /** State arrays by parameter name, then by slot ("momentum", "m", "v"). */
    protected final Map<String, NDArray> state = new LinkedHashMap<>();
    private final NDManager manager;
    private long steps;

    protected Optimizer(NDManager manager) {
        this.manager = manager.newSubManager();
    }

    /** Applies one update to every trainable parameter with rate {@code lr}, then zeroes their gradients. */
    public void step(PairList<String, Parameter> parameters, double lr) {
        steps++;
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
                update(p.getKey(), weight, grad, lr, steps);
                grad.muli(0);
            }
        }
    }

    /** Updates {@code weight} in place; temporaries are closed by the caller's scope. */
    protected abstract void update(String name, NDArray weight, NDArray grad, double lr, long step);

    /** The named state array, created as zeros like {@code like} on first use. */
    protected NDArray slot(String name, String slot, NDArray like) {
        return state.computeIfAbsent(name + "/" + slot, k -> {
            NDArray a = manager.zeros(like.getShape(), like.getDataType(), like.getDevice());
            NDScope.unregister(a);
            a.setName(k);
            return a;
        });
    }

    /** Updates applied so far. */
    public long steps() {
        return steps;
    }

    /** The state to checkpoint: named arrays (copies) plus the step count. */
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

    private static final class Sgd extends Optimizer {
        private final float momentum;
        private final float weightDecay;

        Sgd(NDManager manager, double momentum, double weightDecay) {
            super(manager);
            this.momentum = (float) momentum;
            this.weightDecay = (float) weightDecay;
        }

        @Override
        protected void update(String name, NDArray w, NDArray grad, double lr, long step) {
            NDArray g = grad;
            if (weightDecay != 0f) {
                g = grad.add(w.mul(weightDecay));
            }
            NDArray direction = g;
            if (momentum != 0f) {
                boolean fresh = !state.containsKey(name + "/momentum");
                NDArray v = slot(name, "momentum", w);
                if (fresh) {
                    v.addi(g);
                } else {
                    v.muli(momentum).addi(g);
                }
                direction = v;
            }
            w.subi(direction.mul((float) lr));
        }
    }

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

        @Override
        protected void update(String name, NDArray w, NDArray grad, double lr, long step) {
            NDArray g = weightDecay != 0f ? grad.add(w.mul(weightDecay)) : grad;
            NDArray m = slot(name, "m", w);
            NDArray v = slot(name, "v", w);
            m.muli(beta1).addi(g.mul(1 - beta1));
            v.muli(beta2).addi(g.square().muli(1 - beta2));
            double c1 = 1 - Math.pow(beta1, step);
            double c2 = 1 - Math.pow(beta2, step);
            NDArray denom = v.div((float) c2).sqrt().addi(eps);
            w.subi(m.div(denom).muli((float) (lr / c1)));
        }
    }
}
