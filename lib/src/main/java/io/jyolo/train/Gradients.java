package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.jyolo.model.ParameterArrays;
import java.lang.reflect.Field;

/**
 * Drops a parameter's gradient after the update, as PyTorch's {@code zero_grad(set_to_none=True)}
 * does, instead of zeroing it in place.
 *
 * <p>Why: a zeroed gradient stays allocated, so the next backward adds the new gradient into it
 * (one more full pass per parameter) and, for large layers, computes that new gradient while the
 * old buffer still occupies memory. That makes a step of the ORIGINAL network (its fully-connected
 * head holds 205 M weights in one layer) clearly slower with zeroed gradients than with dropped
 * ones; PyTorch itself slows the same way with {@code set_to_none=False}. DJL 0.36 has no call that unsets a
 * gradient, so the parameter gets a fresh array: the same storage ({@code detach()}), marked as
 * requiring a gradient again, which starts without one. The old array (and its gradient) is
 * closed. Values, names and optimizer state are untouched, so training is bit-for-bit the same.
 *
 * <p>Consequence for callers: a {@link ai.djl.training.ParameterStore} caches the arrays it has
 * handed out, so it must not outlive a training step (the trainer makes one per step). Where the
 * field cannot be reached (another DJL version, another engine), the gradient is zeroed instead.
 */
final class Gradients {

    /**
     * An array DJL made from Java data (a loaded checkpoint, for one) may use that direct buffer as
     * its storage and keeps it here; the fresh array must keep it too, or the collector frees the
     * weights under it.
     */
    private static final Field DATA_REF = ParameterArrays.field(PtNDArray.class, "dataRef", java.nio.ByteBuffer.class);

    private Gradients() {
    }

    /**
     * Releases the gradient of {@code parameter}: the next backward starts from none.
     *
     * @return the parameter's array from now on (a fresh one on the same storage, or the same one zeroed)
     */
    static NDArray release(Parameter parameter) {
        NDArray weight = parameter.getArray();
        if (!(weight instanceof PtNDArray pt)) {
            if (weight.hasGradient()) {
                try (NDArray grad = weight.getGradient()) {
                    grad.set(new NDIndex("..."), 0f);
                }
            }
            return weight;
        }
        if (!canReplace()) {
            JniUtils.zeroGrad(pt);
            return weight;
        }
        PtNDArray fresh = JniUtils.detachGradient(pt);
        try {
            DATA_REF.set(fresh, DATA_REF.get(pt));
            ParameterArrays.install(parameter, fresh);
        } catch (IllegalAccessException | IllegalStateException e) {
            fresh.close();
            JniUtils.zeroGrad(pt);
            return weight;
        }
        fresh.setRequiresGradient(true);
        fresh.setName(pt.getName());
        pt.close();
        return fresh;
    }

    /** Whether {@link #replace} works on this DJL version. */
    static boolean canReplace() {
        return ParameterArrays.canInstall() && DATA_REF != null;
    }

    /**
     * Makes {@code array} (same shape, its own storage) the parameter's array, requiring a gradient, and
     * closes the old one, its gradient with it.
     */
    static void replace(Parameter parameter, NDArray array) {
        NDArray old = parameter.getArray();
        ParameterArrays.install(parameter, array);
        array.setRequiresGradient(true);
        array.setName(old.getName());
        old.close();
    }
}
