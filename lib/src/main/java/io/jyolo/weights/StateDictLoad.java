package io.jyolo.weights;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Loads a PyTorch {@code state_dict} saved as {@code .safetensors} into parameters by name, the
 * way {@code load_state_dict(strict=True)} does: every parameter must find its tensor with the same
 * shape, and every tensor must find its parameter unless the caller ignores it (a classifier the
 * detector does not have, BatchNorm's {@code num_batches_tracked} counter). All of this is checked
 * before anything is written, so a refused file leaves the network as it was.
 *
 * @param file the file, as given
 * @param loaded names of the tensors written, in the parameters' order
 * @param ignored names of the tensors in the file that were left out on purpose
 */
public record StateDictLoad(String file, List<String> loaded, List<String> ignored) {

    public StateDictLoad {
        loaded = List.copyOf(loaded);
        ignored = List.copyOf(ignored);
    }

    /** Loads {@code file} into {@code parameters} (initialised), keyed by state-dict name. */
    public static StateDictLoad load(SafetensorsFile file, Map<String, Parameter> parameters,
            Predicate<String> ignore) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            SafeTensor tensor = file.tensors().get(entry.getKey());
            if (tensor == null) {
                missing.add(entry.getKey());
                continue;
            }
            Shape shape = entry.getValue().getArray().getShape();
            if (!new Shape(tensor.shape()).equals(shape)) {
                throw new WeightsFormatException(file.file() + ": tensor '" + tensor.name() + "' is "
                        + tensor.shapeText() + " but the network's parameter is " + ParameterValues.shapeText(shape));
            }
        }
        if (!missing.isEmpty()) {
            throw new WeightsFormatException(file.file() + ": has no tensor '" + missing.get(0) + "' ("
                    + ParameterValues.shapeText(parameters.get(missing.get(0)).getArray().getShape()) + ")"
                    + more(missing.size(), "missing tensors"));
        }
        List<String> ignored = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        for (String name : file.tensors().keySet()) {
            if (!parameters.containsKey(name)) {
                (ignore.test(name) ? ignored : extra).add(name);
            }
        }
        if (!extra.isEmpty()) {
            throw new WeightsFormatException(file.file() + ": tensor '" + extra.get(0) + "' ("
                    + file.tensor(extra.get(0)).shapeText() + ") matches no parameter of the network"
                    + more(extra.size(), "such tensors"));
        }
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            ParameterValues.set(entry.getValue(), file.floats(entry.getKey()));
        }
        return new StateDictLoad(file.file(), List.copyOf(parameters.keySet()), ignored);
    }

    private static String more(int count, String what) {
        return count == 1 ? "" : " (" + count + " " + what + " in all)";
    }
}
