package io.jyolo.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.jyolo.data.Augmentation;
import io.jyolo.data.DataFolders;
import io.jyolo.data.VocDataset;
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
 * @param device        {@code cpu}, {@code gpu}, {@code gpu:N}, or null for the default device; or a device list
 *                      for data-parallel training ({@code gpu:0,gpu:1}, {@code all}; {@code cpu,cpu} for two
 *                      replicas on the CPU), see {@code io.jyolo.engine.DeviceChoice#parseList}. One field
 *                      holds both, so a resume that names a device replaces the whole list
 * @param patience      stop after this many validations in a row without a new best mAP (0: never), so a
 *                      run that has stopped improving does not spend the rest of its budget; a
 *                      {@code config.json} written before this option reads as 0, and trains as it did
 * @param recipe        the {@link Recipe} the settings started from (explicit options override it); a
 *                      {@code config.json} written before recipes existed reads as {@link Recipe#DEMO}
 * @param freezeBackbone for the first this many epochs only the parameters after the backbone are trained
 *                      ({@link io.jyolo.model.YoloNetwork#backbone()}); 0 trains everything from the start
 * @param initFrom      the checkpoint file a new run took its starting weights from ({@code --init-from}),
 *                      null for none; recorded so the run says where it started
 */
public record TrainConfig(String data, String trainSplit, String valSplit, ModelConfig model, LossConfig loss,
                          int epochs, int batchSize, OptimizerKind optimizer, LrSchedule schedule, double momentum,
                          double weightDecay, int validateEvery, CheckpointPolicy checkpoints, int saveEverySeconds,
                          long seed, int workers,
                          Augmentation augmentation, ResizeMode resize, boolean strict, int limitTrain,
                          HistogramFilter histograms, boolean featureMaps, boolean sampleDetections, String device,
                          int patience, Recipe recipe, int freezeBackbone, String initFrom) {

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
        if (freezeBackbone < 0) {
            throw new IllegalArgumentException("freeze-backbone must be >= 0 epochs (0: never frozen), got "
                    + freezeBackbone);
        }
        recipe = recipe == null ? Recipe.DEMO : recipe;
        initFrom = initFrom == null || initFrom.isBlank() ? null : initFrom;
        histograms = histograms == null ? HistogramFilter.OFF : histograms;
    }

    /** A builder with the demo's defaults ({@link Builder} lists them) for the dataset in {@code data}. */
    public static Builder builder(String data) {
        return builder(data, Recipe.DEMO);
    }

    /**
     * A builder holding {@code recipe}'s settings for the dataset in {@code data}; the builder's setters
     * then override single settings.
     */
    public static Builder builder(String data, Recipe recipe) {
        Builder b = new Builder(data);
        recipe.applyTo(b);
        b.recipe = recipe;
        return b;
    }

    /** True while epoch {@code epoch} (1-based) trains with the backbone frozen. */
    public boolean backboneFrozen(int epoch) {
        return epoch <= freezeBackbone;
    }

    public Builder toBuilder() {
        Builder b = new Builder(data);
        b.recipe = recipe;
        b.freezeBackbone = freezeBackbone;
        b.initFrom = initFrom;
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
     * For real datasets set at least the epochs and {@code augmentation(Augmentation.paper())}, or start
     * from a {@link Recipe} ({@link TrainConfig#builder(String, Recipe)}).
     *
     * <p>The setters of the settings a recipe decides accept null, which leaves the recipe's value: a
     * front end hands over what the user gave and null for what they left out.
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
        private Recipe recipe = Recipe.DEMO;
        private int epochsPerClass;
        private int freezeBackbone;
        private String initFrom;

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
            model = v == null ? model : v;
            return this;
        }

        /** Shorthand: architecture and input size on the current model config (null keeps either). */
        public Builder network(Architecture architecture, Integer inputSize) {
            ModelConfig.Builder m = model.toBuilder();
            if (architecture != null) {
                m.architecture(architecture);
            }
            if (inputSize != null) {
                m.inputSize(inputSize);
            }
            model = m.build();
            return this;
        }

        public Builder loss(LossConfig v) {
            loss = v == null ? loss : v;
            return this;
        }

        public Builder epochs(Integer v) {
            if (v != null) {
                epochs = v;
                epochsPerClass = 0;
            }
            return this;
        }

        /**
         * An epoch budget per class of the dataset (the original's "2000 epochs per class"), worked out
         * in {@link #build()} from the dataset's class list; {@link #epochs} replaces it.
         */
        public Builder epochsPerClass(int v) {
            epochsPerClass = v;
            return this;
        }

        public Builder batchSize(Integer v) {
            batchSize = v == null ? batchSize : v;
            return this;
        }

        public Builder optimizer(OptimizerKind v) {
            optimizer = v == null ? optimizer : v;
            return this;
        }

        /** Base learning rate of the named schedule (see {@link LrSchedule#preset}). */
        public Builder learningRate(double v) {
            return learningRate(Double.valueOf(v));
        }

        /** As {@link #learningRate(double)}; null keeps the recipe's. */
        public Builder learningRate(Double v) {
            if (v != null) {
                lr = v;
                schedule = null;
            }
            return this;
        }

        /** A named schedule: constant, step, paper or original. */
        public Builder schedule(String name) {
            if (name != null) {
                scheduleName = name;
                schedule = null;
            }
            return this;
        }

        /** An explicit schedule (overrides learningRate and the schedule name). */
        public Builder schedule(LrSchedule v) {
            schedule = v;
            return this;
        }

        public Builder momentum(double v) {
            return momentum(Double.valueOf(v));
        }

        /** Null keeps the recipe's (the boxed forms take a front end's "not given"; the primitive ones widen ints). */
        public Builder momentum(Double v) {
            momentum = v == null ? momentum : v;
            return this;
        }

        public Builder weightDecay(double v) {
            return weightDecay(Double.valueOf(v));
        }

        public Builder weightDecay(Double v) {
            weightDecay = v == null ? weightDecay : v;
            return this;
        }

        public Builder validateEvery(Integer v) {
            validateEvery = v == null ? validateEvery : v;
            return this;
        }

        public Builder checkpoints(CheckpointPolicy v) {
            checkpoints = v == null ? checkpoints : v;
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
            augmentation = v == null ? augmentation : v;
            return this;
        }

        public Builder resize(ResizeMode v) {
            resize = v == null ? resize : v;
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

        /** Same as {@link #device}: a device list, as {@code --devices} reads more naturally for several. */
        public Builder devices(String v) {
            return device(v);
        }

        public Builder device(String v) {
            device = v;
            return this;
        }

        /** Validations without a new best mAP before the run stops; 0 (the default) never stops early. */
        public Builder patience(Integer v) {
            patience = v == null ? patience : v;
            return this;
        }

        /** Epochs at the start that train only what follows the backbone (0: none; null keeps the recipe's). */
        public Builder freezeBackbone(Integer v) {
            freezeBackbone = v == null ? freezeBackbone : v;
            return this;
        }

        /**
         * Start a new run from another run's weights: a run folder (its best, else its last checkpoint)
         * or a checkpoint file; null for none. {@code Trainer.create} resolves a folder to its file.
         */
        public Builder initFrom(String v) {
            initFrom = v;
            return this;
        }

        /**
         * The configuration. With an epoch budget per class, the dataset's class list is read here.
         *
         * @throws IllegalArgumentException when a setting is out of range, or the class list cannot be read
         */
        public TrainConfig build() {
            int n = epochsPerClass > 0 ? epochsPerClass * classCount() : epochs;
            LrSchedule s = schedule != null ? schedule : LrSchedule.preset(scheduleName, lr, n);
            return new TrainConfig(data, trainSplit, valSplit, model, loss, n, batchSize, optimizer, s, momentum,
                    weightDecay, validateEvery, checkpoints, saveEverySeconds, seed, workers, augmentation, resize, strict, limitTrain,
                    histograms, featureMaps, sampleDetections, device, patience, recipe, freezeBackbone, initFrom);
        }

        private int classCount() {
            try {
                return VocDataset.open(DataFolders.parse(data), null).classes().size();
            } catch (java.io.IOException | RuntimeException e) {
                throw new IllegalArgumentException(data + ": cannot read the class list for an epoch budget of "
                        + epochsPerClass + " per class: " + e.getMessage(), e);
            }
        }
    }
}
