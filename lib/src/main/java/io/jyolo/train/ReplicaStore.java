package io.jyolo.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One step's replica of a network's parameters on one device: copies of every parameter array (BatchNorm
 * running statistics included), handed to the blocks in place of the originals during that replica's
 * forward pass, and closed with the step's manager.
 *
 * <p>The copies are made before the gradient collector opens and from detached arrays, so each is a leaf of
 * its own: the replica's backward pass leaves its gradient on the copy, and {@link #addGradientsTo} adds it
 * onto the original. Copies of trainable parameters require a gradient; the running statistics do not, and
 * the replica's BatchNorm layers update their copies, which are thrown away with them (the originals follow
 * the first replica's share of the batch, as in PyTorch's DataParallel).
 */
final class ReplicaStore extends ParameterStore {

    private final Map<Parameter, NDArray> copies = new IdentityHashMap<>();

    /** Copies every parameter of {@code parameters} to {@code manager}'s device, attached to {@code manager}. */
    ReplicaStore(PairList<String, Parameter> parameters, NDManager manager) {
        super(manager, false);
        Device device = manager.getDevice();
        for (Pair<String, Parameter> p : parameters) {
            Parameter parameter = p.getValue();
            if (!parameter.isInitialized()) {
                continue;
            }
            NDArray original = parameter.getArray();
            NDArray copy;
            try (NDArray detached = original.stopGradient()) {
                // made in this manager: a copy made from the original's manager would leave an empty
                // sub-manager for the other device behind in the training manager, one per parameter and step
                detached.attach(manager);
                copy = original.getDevice().equals(device) ? detached.duplicate() : detached.toDevice(device, true);
            }
            copy.attach(manager);
            copy.setName(original.getName());
            if (parameter.requiresGradient()) {
                copy.setRequiresGradient(true);
            }
            copies.put(parameter, copy);
        }
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        NDArray copy = copies.get(parameter);
        if (copy == null) {
            throw new IllegalStateException("parameter " + parameter.getName() + " has no replica on " + device);
        }
        return copy;
    }

    /**
     * Adds this replica's gradient of each of {@code parameters} onto the original's gradient (on the
     * original's device). A parameter the replica's backward did not reach is skipped.
     */
    void addGradientsTo(PairList<String, Parameter> parameters) {
        for (Pair<String, Parameter> p : parameters) {
            Parameter parameter = p.getValue();
            NDArray copy = copies.get(parameter);
            if (copy == null || !parameter.requiresGradient() || !copy.hasGradient()) {
                continue;
            }
            NDArray original = parameter.getArray();
            // the gradient handles and the moved copy are closed at the scope's end, the gradients stay
            try (NDScope scope = new NDScope()) {
                original.getGradient().addi(copy.getGradient().toDevice(original.getDevice(), false));
            }
        }
    }
}
