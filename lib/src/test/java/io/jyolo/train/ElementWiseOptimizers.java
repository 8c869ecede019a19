package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The element-wise optimizers that {@link Optimizer} used before its fused updates, kept here as the
 * reference the fused ones are tested against ({@link OptimizerEquivalenceTest}): the same classes,
 * unchanged but for their visibility.
 */
final class ElementWiseOptimizers {

    private ElementWiseOptimizers() {
    }

    static final class Sgd extends Optimizer {
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
            return ParameterUpdate.each((slots, w, grad) -> {
                if (momentum == 0f) {
                    if (weightDecay != 0f) {
                        grad.addi(w.mul(decay));
                    }
                    w.subi(grad.muli(rate));
                    return;
                }
                boolean fresh = !state.containsKey(slots.name() + "/momentum");
                NDArray v = slots.slot("momentum");
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
            });
        }
    }

    /**
     * Two full-size temporaries per parameter (a scratch array, then {@code sqrt}, which DJL has no
     * in-place form of) where a direct transcription makes seven; the gradient buffer is reused once
     * the moments are updated. Same arithmetic, operation for operation, as the direct form.
     */
    static final class Adam extends Optimizer {
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
        protected ParameterUpdate begin(NDManager constants, double lr, long step) {
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
            return ParameterUpdate.each((slots, w, g) -> {
                NDArray m = slots.slot("m");
                NDArray v = slots.slot("v");
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
            });
        }
    }
}
