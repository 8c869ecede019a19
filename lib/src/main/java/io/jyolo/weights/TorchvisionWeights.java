package io.jyolo.weights;

import io.jyolo.model.ResNets;
import io.jyolo.model.YoloNetwork;
import java.nio.file.Path;

/**
 * Loads torchvision's ImageNet ResNet weights into the backbone of a ResNet network
 * ({@link io.jyolo.model.Architecture#RESNET18}, {@code RESNET34}, {@code RESNET50}) from the
 * model's {@code state_dict} saved as {@code .safetensors}, matched by name
 * ({@link ResNets#torchvisionParameters}).
 *
 * <p>The file is made in one line of Python (torchvision and safetensors installed):
 * <pre>{@code
 * python -c 'import torchvision; from safetensors.torch import save_file; save_file(torchvision.models.resnet18(weights="IMAGENET1K_V1").state_dict(), "resnet18.safetensors")'
 * }</pre>
 * ({@code resnet34}/{@code resnet50} likewise). Expected: torchvision's whole {@code state_dict},
 * float32 (F16 and BF16 are read too): {@code conv1}, {@code bn1}, {@code layer1} to
 * {@code layer4} with every BatchNorm's running mean and variance, which are loaded; the
 * 1000-class classifier {@code fc.weight}, {@code fc.bias} and BatchNorm's
 * {@code num_batches_tracked} counters, which are ignored. Any other tensor, a missing one or a
 * shape that differs is refused in one line before anything is written.
 *
 * <p>The weights expect ImageNet's input normalisation, the ResNets' default
 * ({@link io.jyolo.model.InputNormalization#IMAGENET}).
 */
public final class TorchvisionWeights {

    private TorchvisionWeights() {
    }

    /** Loads the ResNet backbone of {@code network} (initialised) from {@code file}. */
    public static StateDictLoad load(Path file, YoloNetwork network) {
        return StateDictLoad.load(SafetensorsFile.open(file), ResNets.torchvisionParameters(network),
                TorchvisionWeights::ignored);
    }

    /** The classifier and BatchNorm's batch counters: in every torchvision file, of no use to a detector. */
    static boolean ignored(String name) {
        return name.startsWith("fc.") || name.endsWith(".num_batches_tracked");
    }
}
