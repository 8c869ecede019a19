package io.jyolo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A YOLO v1 network: a sequential block of named stages (backbone stages, head, output
 * activation) that remembers the {@link ModelConfig} it was built from.
 *
 * <p>It is an ordinary DJL {@link Block} (forward, initialize, save/load parameters), built by
 * {@link YoloNetworks#create(ModelConfig)}. The stage and layer names exist so feature maps can be
 * collected stage by stage or layer by layer ({@link FeatureMaps}) and so the head can be told
 * apart from the backbone (parameter counts, freezing).
 *
 * <p>Inference ({@code training == false}) releases each layer's output as soon as the next layer
 * has consumed it, as PyTorch does when a tensor's last reference goes: DJL would otherwise keep
 * every activation of the forward alive until the caller's manager closes, so each forward takes
 * fresh memory from the allocator (page faults, cold caches) instead of reusing the previous layer's.
 *
 * <p>Both modes first put the images in {@link ComputeLayout}'s memory order (channels-last on a CPU).
 */
public final class YoloNetwork extends SequentialBlock {

    /**
     * One named stage: its block (itself sequential) and the names of that block's children in
     * order, e.g. {@code stage3: conv3, conv4, conv5, conv6, pool3}.
     */
    public record Stage(String name, SequentialBlock block, List<String> layerNames) {
        public Stage {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(block, "block");
            layerNames = List.copyOf(layerNames);
            if (layerNames.size() != block.getChildren().size()) {
                throw new IllegalArgumentException("stage " + name + " has " + block.getChildren().size()
                        + " layers but " + layerNames.size() + " names");
            }
        }
    }

    private final ModelConfig config;
    private final List<Stage> stages = new ArrayList<>();
    /** The non-sequential blocks in forward order (built on first inference forward). */
    private List<Block> leaves;

    YoloNetwork(ModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    void addStage(Stage stage) {
        for (Stage existing : stages) {
            if (existing.name().equals(stage.name())) {
                throw new IllegalArgumentException("duplicate stage name " + stage.name());
            }
        }
        stages.add(stage);
        add(stage.block());
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (training) {
            // autograd keeps what backward needs anyway; releasing the rest early measured slower
            // (glibc returned the freed pages to the kernel and the step faulted them back in)
            return super.forwardInternal(parameterStore, computeLayout(inputs), true, params);
        }
        if (leaves == null) {
            List<Block> flat = new ArrayList<>();
            collectLeaves(this, flat);
            leaves = List.copyOf(flat);
        }
        NDList current = computeLayout(inputs);
        for (Block leaf : leaves) {
            NDList next = leaf.forward(parameterStore, current, false, params);
            if (current != inputs) {
                for (NDArray array : current) {
                    if (next.stream().noneMatch(kept -> kept == array)
                            && inputs.stream().noneMatch(callers -> callers == array)) {
                        array.close();
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /** The inputs with their first array (the images) in {@link ComputeLayout}'s order. */
    private static NDList computeLayout(NDList inputs) {
        NDArray images = inputs.get(0);
        NDArray ordered = ComputeLayout.of(images);
        if (ordered == images) {
            return inputs;
        }
        NDList reordered = new NDList(inputs);
        reordered.set(0, ordered);
        return reordered;
    }

    private static void collectLeaves(Block block, List<Block> into) {
        if (block instanceof SequentialBlock sequential) {
            for (Block child : sequential.getChildren().values()) {
                collectLeaves(child, into);
            }
        } else {
            into.add(block);
        }
    }

    /** The configuration this network was built from. */
    public ModelConfig config() {
        return config;
    }

    /** The output layout (S, B, C) of this network. */
    public OutputLayout layout() {
        return config.layout();
    }

    /** Stages in forward order; the last two are {@code head} and {@code output}. */
    public List<Stage> stages() {
        return Collections.unmodifiableList(stages);
    }

    /** The stage called {@code name} ({@code stage1}, ..., {@code head}, {@code output}). */
    public Stage stage(String name) {
        for (Stage stage : stages) {
            if (stage.name().equals(name)) {
                return stage;
            }
        }
        throw new NoSuchElementException("no stage '" + name + "' in " + config.architecture() + "; stages: "
                + stages.stream().map(Stage::name).toList());
    }

    /**
     * The leading stages that form the backbone, in forward order: every stage before the head,
     * except a ResNet's {@code reduce} stage, which torchvision has no counterpart of (it starts from
     * its initialisation like the head, so it trains with the head). The input normalisation, when
     * it is a stage, comes first and has no parameters. What {@code --freeze-backbone} holds still.
     * For {@link Architecture#ORIGINAL} and {@link Architecture#FULLY_CONVOLUTIONAL} this is all 24
     * convolutions, of which darknet's ImageNet weights fill the first 20.
     */
    public List<Stage> backbone() {
        List<Stage> backbone = new ArrayList<>();
        for (Stage stage : stages) {
            if (stage.name().equals("head") || stage.name().equals("reduce")) {
                break;
            }
            backbone.add(stage);
        }
        return backbone;
    }

    /**
     * Every parameter (BatchNorm running statistics included) under a name that says where it sits,
     * {@code stage/layer/parameter} (e.g. {@code head/predict/01Conv2d_weight}), in forward order.
     * The names depend only on the architecture's layer tables, not on the class count or input size,
     * so they match the parameters of two runs of the same network.
     */
    public java.util.Map<String, ai.djl.nn.Parameter> namedParameters() {
        java.util.Map<String, ai.djl.nn.Parameter> named = new java.util.LinkedHashMap<>();
        for (Stage stage : stages) {
            List<Block> layers = stage.block().getChildren().values();
            for (int i = 0; i < layers.size(); i++) {
                String prefix = stage.name() + "/" + stage.layerNames().get(i) + "/";
                for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : layers.get(i).getParameters()) {
                    named.put(prefix + p.getKey(), p.getValue());
                }
            }
        }
        return named;
    }

    /**
     * Creates the parameters for float32 input of the configured size (batch 1 for shape inference;
     * any batch size works afterwards).
     */
    public YoloNetwork initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, config.inputShape(1));
        return this;
    }
}
