package io.jyolo.weights;

import io.jyolo.model.InputNormalization;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.ResNets;
import io.jyolo.model.YoloNetwork;
import java.nio.file.Path;

/**
 * One entry point for a pretrained backbone, whichever network it is: torchvision's
 * {@code .safetensors} for the ResNets ({@link TorchvisionWeights}), darknet's {@code .weights} for
 * the darknet-style networks ({@link DarknetWeights}), so the command line needs one option.
 */
public final class PretrainedWeights {

    private PretrainedWeights() {
    }

    /**
     * {@code model} with the input normalisation the weights in {@code file} were trained with:
     * ImageNet's mean and std for torchvision's, darknet's {@code v / 255} for a {@code .weights}
     * file. Build the network from this before loading, or the first layer sees another scale.
     */
    public static ModelConfig configFor(Path file, ModelConfig model) {
        InputNormalization normalization = isSafetensors(file) ? InputNormalization.IMAGENET : InputNormalization.UNIT;
        return model.toBuilder().inputNormalization(normalization).build();
    }

    private static boolean isSafetensors(Path file) {
        return file.getFileName().toString().endsWith(".safetensors");
    }

    /** Loads {@code file} into the backbone of {@code network} (initialised); one line for the log. */
    public static String load(Path file, YoloNetwork network) {
        boolean resnet = ResNets.isResNet(network.config().architecture());
        boolean safetensors = isSafetensors(file);
        if (resnet != safetensors) {
            throw new WeightsFormatException(file + ": " + network.config().architecture() + " takes "
                    + (resnet ? "a torchvision state_dict saved as .safetensors" : "darknet .weights") + " as its"
                    + " pretrained backbone");
        }
        if (resnet) {
            StateDictLoad load = TorchvisionWeights.load(file, network);
            return "loaded " + load.loaded().size() + " torchvision tensors of " + file + " into the "
                    + network.config().architecture() + " backbone (" + load.ignored().size()
                    + " ignored: the classifier and BatchNorm counters)";
        }
        return DarknetWeights.load(file, network).summary();
    }
}
