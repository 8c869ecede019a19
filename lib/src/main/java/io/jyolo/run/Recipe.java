package io.jyolo.run;

import io.jyolo.data.Augmentation;
import io.jyolo.loss.ClassLoss;
import io.jyolo.loss.LossConfig;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.OutputActivation;
import java.util.Locale;

/**
 * A whole training recipe in one name ({@code jyolo train --recipe NAME}), so that reproducing the
 * PyTorch original or the paper is one switch rather than ten flags. A recipe only sets the
 * starting values of a {@link TrainConfig.Builder}: every option given explicitly still overrides
 * it. The run records its recipe in {@code config.json}, and a resumed run keeps it.
 *
 * <p>Learning rates are for jyolo's loss, which is averaged over the batch. A loss summed over the
 * batch (the PyTorch original's) has gradients {@code batch} times larger, so SGD with rate
 * {@code r} on the sum takes the steps that rate {@code r * batch} takes on the average; and since
 * PyTorch's weight decay is added to that larger gradient, the decay per step
 * ({@code r * wd}) stays the same when the decay becomes {@code wd / batch}.
 */
public enum Recipe {
    /**
     * The PyTorch original (SEED.md, "Training"): the paper's network at 448 px with sigmoid
     * outputs, the squared class error and dropout 0.5; SGD, momentum 0.9, batch 32; its
     * multi-step schedule (milestones 200, 400, 600, 20000, 30000 with factors 2.5, 2, 2, 0.1,
     * 0.1); 2000 epochs per class; a numbered checkpoint every 100 epochs below epoch 1000 and
     * every 1000 above; its later versions' augmentation (scale, translation, exposure,
     * saturation: {@link Augmentation#paper()}). Its rate 5e-3 and decay 5e-4 were for a loss
     * summed over the batch, so here the rate is {@code 5e-3 * 32 = 0.16} and the decay
     * {@code 5e-4 / 32} (see the class comment). The original did not validate during training;
     * here validation runs every 100 epochs, with the checkpoints.
     */
    ORIGINAL,
    /**
     * The paper (Redmon et al. 2016, sec. 2.2): the 24-convolution network at 448 px, dropout 0.5
     * after the first connected layer, the squared class error; 135 epochs, batch 64, SGD with
     * momentum 0.9 and decay 5e-4; the rate rises from 1e-3 to 1e-2 over the first epochs, stays
     * at 1e-2 until epoch 75, then 1e-3 for 30 epochs and 1e-4 for 30 ({@link LrSchedule#preset}
     * {@code "paper"}); augmentation: random scaling and translation up to 20 %, exposure and
     * saturation up to 1.5 in HSV. Darknet divides its rate by the batch when it updates, so the
     * paper's rates already apply to a batch-averaged loss and are taken as they are. What
     * differs: the warm-up length is not in the paper (5 epochs here); the outputs pass through a
     * sigmoid (the paper's last layer is linear); {@link Augmentation#paper()} also flips
     * horizontally; the paper pretrains the first 20 convolutions on ImageNet, which here takes
     * {@code --pretrained extraction.conv.weights}.
     */
    PAPER,
    /**
     * Training from a pretrained backbone ({@code --pretrained} or {@code --init-from}): the demo's
     * network and Adam, at a tenth of its rate (1e-4) so the pretrained features are adjusted
     * rather than overwritten; the backbone frozen for the first 3 epochs, so the fresh head's
     * early, large gradients do not reach it; the paper's augmentation; 30 epochs with the step
     * schedule. A reasonable start, NOT yet tuned by measurement.
     */
    FINETUNE,
    /**
     * Today's defaults ({@link TrainConfig#builder(String)}), chosen by measurement on the generated
     * shapes: Fast YOLO with its convolutional head at 192 px, Adam 1e-3 with the step schedule,
     * 6 epochs, batch 16, no augmentation.
     */
    DEMO;

    /** The original's batch size, which its summed loss ties its rate and decay to. */
    static final int ORIGINAL_BATCH = 32;

    /** The name the command line uses: {@code original}, {@code paper}, {@code finetune}, {@code demo}. */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The recipe {@code name} names, in any case.
     *
     * @throws IllegalArgumentException one line listing the recipes
     */
    public static Recipe parse(String name) {
        for (Recipe r : values()) {
            if (r.shortName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown recipe '" + name + "': use original, paper, finetune or demo");
    }

    /** Sets this recipe's values on {@code b}, a builder that still holds the demo's defaults. */
    void applyTo(TrainConfig.Builder b) {
        switch (this) {
            case ORIGINAL -> b.model(ModelConfig.builder().architecture(Architecture.ORIGINAL).inputSize(448)
                            .outputActivation(OutputActivation.SIGMOID).dropout(0.5f).build())
                    .loss(LossConfig.builder().classLoss(ClassLoss.SQUARED_ERROR).build())
                    .optimizer(OptimizerKind.SGD).learningRate(5e-3 * ORIGINAL_BATCH).schedule("original")
                    .momentum(0.9).weightDecay(5e-4 / ORIGINAL_BATCH).batchSize(ORIGINAL_BATCH)
                    .epochsPerClass(2000).checkpoints(CheckpointPolicy.original()).validateEvery(100)
                    .augmentation(Augmentation.paper());
            case PAPER -> b.model(ModelConfig.builder().architecture(Architecture.ORIGINAL).inputSize(448)
                            .outputActivation(OutputActivation.SIGMOID).dropout(0.5f).build())
                    .loss(LossConfig.builder().classLoss(ClassLoss.SQUARED_ERROR).build())
                    .optimizer(OptimizerKind.SGD).learningRate(1e-2).schedule("paper").momentum(0.9)
                    .weightDecay(5e-4).batchSize(64).epochs(135).augmentation(Augmentation.paper());
            case FINETUNE -> b.learningRate(1e-4).schedule("step").epochs(30).freezeBackbone(3)
                    .augmentation(Augmentation.paper());
            case DEMO -> {
            }
            default -> throw new IllegalStateException("no settings for recipe " + this);
        }
    }
}
