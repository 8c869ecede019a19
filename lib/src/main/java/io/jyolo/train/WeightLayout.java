package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.jyolo.model.ComputeLayout;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the convolution kernels that the optimizer updates one by one, and their state slots, in
 * {@link ComputeLayout}'s memory order (channels-last on a CPU) from a step's forward pass on.
 *
 * <p>Why: with channels-last activations a convolution's weight gradient comes out channels-last. A
 * kernel stored in NCHW order then costs a copy of that gradient per step (autograd lays gradients out
 * like their parameter) and a reorder of the kernel in every forward pass; for the original network's
 * large kernels that is several percent of a step. Kernels already in channels-last order cost
 * neither, and the update program then reads weights, gradients and state in one order.
 *
 * <p>The values do not change, and the order is the same at every step of a run, the first included and
 * the first after a resume: a kernel found in another order (a new run, loaded weights, a restored
 * optimizer state) is reordered, one copy, before the forward pass. That matters for exact resume:
 * where an activation's order is ambiguous (1 x 1 feature maps), libtorch picks the convolution's
 * algorithm by its kernel's order, so the same weights in two orders may round differently. Parameters of
 * a {@link FlatGroup} stay views of their group's flat buffer, in NCHW order, in every run alike.
 */
final class WeightLayout {

    /** Per parameter name, the array this class last installed in channels-last order. */
    private final Map<String, NDArray> ordered = new HashMap<>();

    /**
     * Puts the kernel of parameter {@code name}, and its slots in {@code state}, in channels-last order if
     * they are not yet (before a forward pass: the parameter has no gradient).
     */
    void order(String name, Parameter parameter, Map<String, NDArray> state) {
        if (ordered.get(name) == parameter.getArray()) {
            return;
        }
        NDArray reordered = ComputeLayout.orderKernel(parameter);
        if (reordered == null) {
            return;
        }
        ordered.put(name, reordered);
        String prefix = name + "/";
        for (Map.Entry<String, NDArray> slot : state.entrySet()) {
            NDArray old = slot.getValue();
            if (slot.getKey().startsWith(prefix) && old.getShape().equals(reordered.getShape())) {
                NDArray copy = ComputeLayout.of(old);
                copy.setName(old.getName());
                slot.setValue(copy);
                old.close();
            }
        }
    }

    /** Drops the gradient of parameter {@code name} after its update ({@link Gradients#release}). */
    void release(String name, Parameter parameter) {
        boolean known = ordered.get(name) == parameter.getArray();
        NDArray fresh = Gradients.release(parameter);
        if (known) {
            ordered.put(name, fresh);
        }
    }

    /** Forgets what it installed: after a restore the state slots are new arrays in NCHW order. */
    void forget() {
        ordered.clear();
    }
}
