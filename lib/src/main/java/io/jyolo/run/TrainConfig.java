package io.jyolo.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.jyolo.data.Augmentation;
import io.jyolo.data.ResizeMode;
import io.jyolo.loss.ClassLoss;
import io.jyolo.loss.LossConfig;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.OutputActivation;
import java.util.Objects;

/**
 * Everything that defines a training run, saved as {@code config.json} in the run folder and
 * inside every checkpoint, so a resumed run continues with exactly the settings it started with
 * (the PyTorch original lost its optimizer and loss settings on resume).
 *
 * @param data          dataset root (VOC layout)
 * @param trainSplit    split list for training ({@code ImageSets/Main/<name>.txt}); null for every image
 * @param valSplit      split list for validation; null for none
 * @param model         network; its class count is set from the dataset's class file
 * @param loss          loss weights and options
 * @param epochs        epochs to train in total
 * @param batchSize     images per optimizer step
 * @param optimizer     which optimizer (SGD when a configuration does not say)
 * @param schedule      learning rate per epoch
 * @param momentum      SGD momentum (Adam: beta1)
 * @param weightDecay   L2 weight decay
 * @param validateEvery validate every N epochs (and after the last); 0 for never
 * @param checkpoints   which epochs keep a numbered checkpoint
 * @param saveEverySeconds write {@code last.ckpt} after an epoch when this many seconds passed since the
 *                      last save (0: after every epoch); it is also written after numbered and best epochs,
 *                      after the last epoch and on interrupt, so a hard kill loses at most this long
 * @param seed          seed for data order, augmentation and dropout
 * @param workers       data loading threads
 * @param augmentation  training augmentation
 * @param resize        how images become the square input
 * @param strict        stop on the first unreadable file instead of skipping and counting it
 * @param limitTrain    use only the first N training images (0 for all; quick experiments, tests)
 * @param histograms    which parameters get TensorBoard histograms per epoch (none by default)
 * @param featureMaps   log feature-map grids of a fixed validation image per epoch
 * @param sampleDetections log detections drawn on a fixed validation image per epoch
 * @param device        {@code cpu}, {@code gpu}, {@code gpu:N}, or null for the default device
 * @param patience      stop after this many validations in a row without a new best mAP (0: never), so a
 *                      run that has stopped improving does not spend the rest of its budget; a
 *                      {@code config.json} written before this option reads as 0, and trains as it did
 */
public record TrainConfig(String data, String trainSplit, String valSplit, ModelConfig model, LossConfig loss,
                          int epochs, int batchSize, OptimizerKind optimizer, LrSchedule schedule, double momentum,
                          double weightDecay, int validateEvery, CheckpointPolicy checkpoints, int saveEverySeconds,
                          long seed, int workers,
                          Augmentation augmentation, ResizeMode resize, boolean strict, int limitTrain,
                          HistogramFilter histograms, boolean featureMaps, boolean sampleDetections, String device,
                          int patience) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    public TrainConfig {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(resize, "resize");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        optimizer = optimizer == null ? OptimizerKind.SGD : optimizer;
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0 (0: no early stopping), got " + patience);
        }
        if (validateEvery < 0 || workers < 1 || limitTrain < 0 || saveEverySeconds < 0) {
            throw new IllegalArgumentException("validateEvery, limitTrain and saveEverySeconds must be >= 0 and workers >= 1");
        }
        histograms = histograms == null ? HistogramFilter.OFF : histograms;
    }

    /** A builder with the demo's defaults ({@link Builder} lists them) for the dataset in {@code data}. */
    public static Builder builder(String data) {
        return new Builder(data);
    }

    public Builder toBuilder() {
        Builder b = new Builder(data);
        b.trainSplit = trainSplit;
        b.valSplit = valSplit;
        b.model = model;
        b.loss = loss;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.optimizer = optimizer;
        b.schedule = schedule;
        b.momentum = momentum;
        b.weightDecay = weightDecay;
        b.validateEvery = validateEvery;
        b.checkpoints = checkpoints;
        b.saveEverySeconds = saveEverySeconds;
        b.seed = seed;
        b.workers = workers;
        b.augmentation = augmentation;
        b.resize = resize;
        b.strict = strict;
        b.limitTrain = limitTrain;
        b.histograms = histograms;
        b.featureMaps = featureMaps;
        b.sampleDetections = sampleDetections;
        b.device = device;
        b.patience = patience;
        return b;
    }

    /** The original's epoch budget: 2000 epochs per class. */
    public static int originalEpochs(int classes) {
        return 2000 * classes;
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static TrainConfig fromJson(String json) {
        TrainConfig c = GSON.fromJson(json, TrainConfig.class);
        if (c == null) {
            throw new IllegalArgumentException("empty training configuration");
        }
        return c;
    }

    /**
     * Builder with the demo's defaults, the recipe chosen by measurement on the generated dataset
     * (README, "What the demo learns"): Fast YOLO with its convolutional head (FAST_CONVOLUTIONAL)
     * at 192 px, sigmoid-softmax output, cross-entropy class term, Adam at 1e-3 with the "step"
     * schedule, 6 epochs, batch 16, no augmentation (the generator makes every image new). On the
     * default generated dataset it reaches about 0.9 precision and recall on the test split.
     * For real datasets set at least the epochs and {@code augmentation(Augmentation.paper())}.
     */
    public static final class Builder {
        private final String data;
        private String trainSplit = "train";
        private String valSplit = "val";
        private ModelConfig model = ModelConfig.builder().architecture(Architecture.FAST_CONVOLUTIONAL).inputSize(192)
                .outputActivation(OutputActivation.SIGMOID_SOFTMAX).build();
        private LossConfig loss = LossConfig.builder().classLoss(ClassLoss.CROSS_ENTROPY).build();
        private int epochs = 6;
        private int batchSize = 16;
        private OptimizerKind optimizer = OptimizerKind.ADAM;
        private LrSchedule schedule;
        private double lr = 1e-3;
        private String scheduleName = "step";
        private double momentum = 0.9;
        private double weightDecay = 5e-4;
        private int validateEvery = 1;
        private CheckpointPolicy checkpoints = CheckpointPolicy.every(10);
        private int saveEverySeconds = 60;
        private long seed = 1;
        private int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private Augmentation augmentation = Augmentation.none();
        private ResizeMode resize = ResizeMode.STRETCH;
        private boolean strict;
        private int limitTrain;
        private HistogramFilter histograms = HistogramFilter.OFF;
        private boolean featureMaps;
        private boolean sampleDetections;
        private String device;
        private int patience;

        private Builder(String data) {
            this.data = data;
        }

        public Builder trainSplit(String v) {
            trainSplit = v;
            return this;
        }

        public Builder valSplit(String v) {
            valSplit = v;
            return this;
        }

        public Builder model(ModelConfig v) {
            model = v;
            return this;
        }

        /** Shorthand: architecture and input size on the current model config. */
        public Builder network(Architecture architecture, int inputSize) {
            model = model.toBuilder().architecture(architecture).inputSize(inputSize).build();
            return this;
        }

        public Builder loss(LossConfig v) {
            loss = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder optimizer(OptimizerKind v) {
            optimizer = v;
            return this;
        }

        /** Base learning rate of the named schedule (see {@link LrSchedule#preset}). */
        public Builder learningRate(double v) {
            lr = v;
            schedule = null;
            return this;
        }

        /** A named schedule: constant, step or original. */
        public Builder schedule(String name) {
            scheduleName = name;
            schedule = null;
            return this;
        }

        /** An explicit schedule (overrides learningRate and the schedule name). */
        public Builder schedule(LrSchedule v) {
            schedule = v;
            return this;
        }

        public Builder momentum(double v) {
            momentum = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder validateEvery(int v) {
            validateEvery = v;
            return this;
        }

        public Builder checkpoints(CheckpointPolicy v) {
            checkpoints = v;
            return this;
        }

        public Builder saveEverySeconds(int v) {
            saveEverySeconds = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder workers(int v) {
            workers = v;
            return this;
        }

        public Builder augmentation(Augmentation v) {
            augmentation = v;
            return this;
        }

        public Builder resize(ResizeMode v) {
            resize = v;
            return this;
        }

        public Builder strict(boolean v) {
            strict = v;
            return this;
        }

        public Builder limitTrain(int v) {
            limitTrain = v;
            return this;
        }

        public Builder histograms(HistogramFilter v) {
            histograms = v;
            return this;
        }

        /**
         * The filter written as a string: {@code off}, {@code all} or a regular expression of
         * parameter names ({@link HistogramFilter#parse}).
         */
        public Builder histograms(String v) {
            histograms = HistogramFilter.parse(v);
            return this;
        }

        public Builder featureMaps(boolean v) {
            featureMaps = v;
            return this;
        }

        public Builder sampleDetections(boolean v) {
            sampleDetections = v;
            return this;
        }

        public Builder device(String v) {
            device = v;
            return this;
        }

        /** Validations without a new best mAP before the run stops; 0 (the default) never stops early. */
        public Builder patience(int v) {
            patience = v;
            return this;
        }

        public TrainConfig build() {
            LrSchedule s = schedule != null ? schedule : LrSchedule.preset(scheduleName, lr, epochs);
            return new TrainConfig(data, trainSplit, valSplit, model, loss, epochs, batchSize, optimizer, s, momentum,
                    weightDecay, validateEvery, checkpoints, saveEverySeconds, seed, workers, augmentation, resize, strict, limitTrain,
                    histograms, featureMaps, sampleDetections, device, patience);
        }
    }
}
