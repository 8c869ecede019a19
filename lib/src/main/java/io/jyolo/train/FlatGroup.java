package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small trainable parameters laid out in one flat buffer, so that an optimizer step updates all of
 * them with one fused call instead of one call per parameter.
 *
 * <p>Why: a fused update is still half a dozen libtorch ops per call, and a network's BatchNorm
 * scales and shifts, biases and first convolutions are many parameters with few elements each. For
 * them the launches, not the arithmetic, are the cost, on a GPU above all (where PyTorch's optimizers
 * switch to multi-tensor kernels for the same reason). Large parameters keep their own call: for them
 * the extra pass below would cost more than the launches it saves.
 *
 * <p>How: each member parameter's array becomes a view of the buffer (same values, shape and name,
 * still a leaf that gets its own gradient in backward). Before the update the members' gradients are
 * gathered into one flat array (one copy of the small gradients); the optimizer's state slots for the
 * group (momentum, Adam's moments) are flat buffers too, and the optimizer's per-parameter state map
 * holds views of them, so checkpoints keep their per-parameter names and shapes. Element-wise
 * updates compute each element alone, so the result is bit for bit what per-parameter calls give.
 *
 * <p>The layout holds while the parameters keep the arrays this group gave them (and the state map the
 * views): anything that replaces one (a restored optimizer state, a backbone thawed into the trainable
 * set, another DJL version) makes {@link #holds} false, and the optimizer lays out a new group from the
 * current values.
 */
final class FlatGroup implements AutoCloseable {

    /**
     * Parameters up to this many elements join a group: about where gathering a gradient into the flat
     * array (one more read and write of it) costs what launching its own update ops saves on a CPU.
     */
    static final long MAX_ELEMENTS = 1L << 19;

    private final List<String> names;
    private final List<Parameter> parameters;
    /** The array each parameter holds between steps (a view of {@link #weights}). */
    private final NDArray[] installed;
    /** Where each member starts in the flat buffers. */
    private final long[] offsets;
    private final PtNDArray weights;
    private final Map<String, PtNDArray> slots = new LinkedHashMap<>();
    private final Map<String, NDArray[]> slotViews = new LinkedHashMap<>();

    private FlatGroup(List<String> names, List<Parameter> parameters, List<NDArray> arrays, PtNDArray weights) {
        this.names = List.copyOf(names);
        this.parameters = List.copyOf(parameters);
        this.installed = new NDArray[parameters.size()];
        this.offsets = new long[parameters.size()];
        for (int i = 1; i < offsets.length; i++) {
            offsets[i] = offsets[i - 1] + arrays.get(i - 1).size();
        }
        this.weights = weights;
    }

    /** Whether a parameter whose array is {@code weight} may join a group of at most {@code limit} elements each. */
    static boolean fits(NDArray weight, long limit) {
        return weight instanceof PtNDArray && weight.getDataType() == DataType.FLOAT32 && weight.size() <= limit
                && Gradients.canReplace();
    }

    /**
     * Lays out {@code parameters} (called {@code names} in {@code state}) in a new flat buffer owned by
     * {@code owner}, and the state slots {@code slotNames} likewise: existing state arrays are copied in,
     * missing ones start at zero (as the optimizer's slots do). Gradients on the old arrays are dropped.
     */
    static FlatGroup layOut(List<String> names, List<Parameter> parameters, List<String> slotNames,
                            Map<String, NDArray> state, NDManager owner) {
        List<NDArray> current = parameters.stream().map(Parameter::getArray).toList();
        FlatGroup group = new FlatGroup(names, parameters, current, concat(current, owner));
        for (int i = 0; i < parameters.size(); i++) {
            NDArray view = group.view(group.weights, i, current.get(i), current.get(i).getManager());
            Gradients.replace(parameters.get(i), view);
            group.installed[i] = view;
        }
        for (String slot : slotNames) {
            List<NDArray> parts = new ArrayList<>();
            try (NDManager zeros = owner.newSubManager()) {
                for (int i = 0; i < names.size(); i++) {
                    NDArray saved = state.get(names.get(i) + "/" + slot);
                    NDArray like = group.installed[i]; // the old arrays are closed by now
                    parts.add(saved != null ? saved : zeros.zeros(like.getShape(), DataType.FLOAT32, like.getDevice()));
                }
                group.slots.put(slot, concat(parts, owner));
            }
            group.slotViews.put(slot, new NDArray[names.size()]);
        }
        // parameter by parameter, as the optimizer creates slots one parameter at a time: same checkpoint order
        for (int i = 0; i < names.size(); i++) {
            for (String slot : slotNames) {
                String key = names.get(i) + "/" + slot;
                NDArray view = group.view(group.slots.get(slot), i, group.installed[i], owner);
                view.setName(key);
                group.slotViews.get(slot)[i] = view;
                NDArray old = state.put(key, view);
                if (old != null) {
                    old.close();
                }
            }
        }
        return group;
    }

    /** Member {@code i}'s part of {@code flat}, shaped like {@code like}, attached to {@code manager}. */
    private NDArray view(PtNDArray flat, int i, NDArray like, NDManager manager) {
        long offset = offsets[i];
        NDArray view;
        try (NDArray slice = flat.get(new NDIndex(offset + ":" + (offset + like.size())))) {
            view = slice.reshape(like.getShape());
        }
        NDScope.unregister(view);
        view.attach(manager);
        return view;
    }

    /** The arrays laid end to end, as one flat float array attached to {@code owner}. */
    private static PtNDArray concat(List<NDArray> arrays, NDManager owner) {
        try (NDScope scope = new NDScope()) { // closes the flattened views
            NDArray joined = endToEnd(arrays);
            NDScope.unregister(joined);
            joined.attach(owner);
            return (PtNDArray) joined;
        }
    }

    /** The arrays flattened and laid end to end in one new array. */
    private static NDArray endToEnd(List<NDArray> arrays) {
        NDList flat = new NDList();
        for (NDArray a : arrays) {
            flat.add(a.reshape(-1));
        }
        return flat.size() == 1 ? flat.get(0).duplicate() : NDArrays.concat(flat);
    }

    /**
     * Whether these are still the group's parameters, in order, holding the group's arrays, and whether
     * {@code state} still holds the group's slot views.
     */
    boolean holds(List<Parameter> current, Map<String, NDArray> state) {
        if (current.size() != parameters.size()) {
            return false;
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (current.get(i) != parameters.get(i) || current.get(i).getArray() != installed[i]) {
                return false;
            }
        }
        for (Map.Entry<String, NDArray[]> slot : slotViews.entrySet()) {
            for (int i = 0; i < names.size(); i++) {
                if (state.get(names.get(i) + "/" + slot.getKey()) != slot.getValue()[i]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The members' gradients laid end to end in one new array (in the current {@link NDScope}, like
     * the gradient handles read for it).
     */
    static NDArray gradients(List<Parameter> parameters) {
        return endToEnd(parameters.stream().map(p -> p.getArray().getGradient()).toList());
    }

    /** The flat weights the members' arrays are views of. */
    PtNDArray weights() {
        return weights;
    }

    /** The flat state buffer {@code slot}. */
    PtNDArray slot(String slot) {
        PtNDArray flat = slots.get(slot);
        if (flat == null) {
            throw new IllegalStateException("the optimizer asked for state slot '" + slot
                    + "' that it did not declare for its parameter groups");
        }
        return flat;
    }

    /** Drops the members' gradients after an update, keeping them on the group's storage. */
    void releaseGradients() {
        for (int i = 0; i < parameters.size(); i++) {
            installed[i] = Gradients.release(parameters.get(i));
        }
    }

    @Override
    public void close() {
        // the members' and state map's views keep the storage alive; only the flat handles go
        weights.close();
        slots.values().forEach(NDArray::close);
    }
}
