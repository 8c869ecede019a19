package io.jyolo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * How a network wants its input pixels scaled. Preprocessing always produces {@code v / 255 * 2 - 1}
 * (the [-1, 1] every darknet-style network here trains on); a network that wants something else
 * starts with a fixed per-channel affine {@code input} stage that turns [-1, 1] into its own scale.
 * Training, detection and every other caller of the network thus apply the same normalisation
 * without knowing about it, and a run's {@code config.json} records it with the rest of the
 * {@link ModelConfig}.
 */
public enum InputNormalization {
    /** {@code v / 255 * 2 - 1}: what the darknet-style networks have always used. */
    SYMMETRIC(null, null),
    /**
     * {@code v / 255}: darknet's scale (its images are loaded as bytes / 255), which the darknet
     * {@code .weights} backbones were trained on.
     */
    UNIT(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f}),
    /**
     * {@code (v / 255 - mean) / std} with ImageNet's per-channel RGB mean (0.485, 0.456, 0.406) and
     * standard deviation (0.229, 0.224, 0.225): what torchvision's pretrained ResNets were trained on.
     */
    IMAGENET(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    private final float[] mean;
    private final float[] std;

    InputNormalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** The default for a network: ImageNet's for the ResNets (their pretrained weights expect it). */
    public static InputNormalization defaultFor(Architecture architecture) {
        return ResNets.isResNet(architecture) ? IMAGENET : SYMMETRIC;
    }

    /** Whether preprocessing's [-1, 1] is already this scale (no {@code input} stage). */
    public boolean isPreprocessingScale() {
        return mean == null;
    }

    /**
     * Maps an N x 3 x H x W batch in [-1, 1] to this scale: with {@code u = (x + 1) / 2} the 0..1
     * value, {@code (u - mean) / std = x * 0.5 / std + (0.5 - mean) / std}.
     */
    NDArray apply(NDArray symmetric) {
        if (mean == null) {
            return symmetric;
        }
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 0.5f / std[c];
            shift[c] = (0.5f - mean[c]) / std[c];
        }
        try (NDArray a = symmetric.getManager().create(scale).reshape(1, 3, 1, 1);
             NDArray b = symmetric.getManager().create(shift).reshape(1, 3, 1, 1);
             NDArray scaled = symmetric.mul(a)) {
            return scaled.add(b);
        }
    }

    /** The {@code input} stage's layer. */
    Block block() {
        return LambdaBlock.singleton(this::apply, "normalize" + name());
    }
}
