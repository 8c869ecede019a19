package io.jyolo.cli;

import io.jyolo.data.Augmentation;
import io.jyolo.data.ClassSource;
import io.jyolo.data.DataFolders;
import io.jyolo.data.ResizeMode;
import io.jyolo.loss.ClassLoss;
import io.jyolo.loss.LossConfig;
import io.jyolo.model.Architecture;
import io.jyolo.model.OutputActivation;
import io.jyolo.run.CheckpointPolicy;
import io.jyolo.run.HistogramFilter;
import io.jyolo.run.OptimizerKind;
import io.jyolo.run.RunLock;
import io.jyolo.run.RunStart;
import io.jyolo.run.TrainConfig;
import io.jyolo.train.ConsoleProgress;
import io.jyolo.train.Trainer;
import io.jyolo.train.TrainingResult;
import io.jyolo.weights.PretrainedWeights;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jyolo train}: start a training run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train YOLO v1 on a VOC-format dataset into a run folder (checkpoints, history, TensorBoard"
                + " logs). Ctrl-C stops after the current batch and saves a checkpoint; continue with 'jyolo resume' or"
                + " 'jyolo train --resume-if-exists'.")
final class TrainCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the checkpoint of the interrupted epoch to be written. */
    static final java.time.Duration CHECKPOINT_GRACE = java.time.Duration.ofSeconds(120);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Dataset folder (VOC layout); repeat it to train on several as one (e.g. VOC2007 and VOC2012):"
                    + " their classes must agree, image ids are prefixed with the folder name.")
    List<Path> data;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run folder to create, e.g. log/shapes-fast.")
    Path run;

    @Option(names = "--network", defaultValue = "fast-conv", paramLabel = "NAME",
            description = "fast, fast-conv (Fast YOLO with a 1x1 convolution head), original, fcn (fully convolutional),"
                    + " resnet18, resnet34 or resnet50 (torchvision's ResNets with the fully convolutional head); the"
                    + " full names (e.g. fully-convolutional) work too (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--size", defaultValue = "192", paramLabel = "PX",
            description = "Input size, a multiple of 64; the grid is size/64 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--epochs", defaultValue = "6", paramLabel = "N|original",
            description = "Epochs, or 'original' for 2000 x classes, the PyTorch original's rule (default: ${DEFAULT-VALUE}).")
    String epochs;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "N", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", paramLabel = "X", description = "Base learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--schedule", defaultValue = "step", paramLabel = "NAME",
            description = "constant, step (warm-up, x0.1 at 60%% and 85%%) or original (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME", description = "sgd or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--momentum", defaultValue = "0.9", paramLabel = "X", description = "Momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "0.0005", paramLabel = "X", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--activation", defaultValue = "sigmoid_softmax", paramLabel = "NAME",
            description = "Output activation: sigmoid, sigmoid_softmax or linear_softmax (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--class-loss", defaultValue = "cross_entropy", paramLabel = "NAME",
            description = "Class term of the loss: squared_error (the paper) or cross_entropy (default: ${DEFAULT-VALUE}).")
    String classLoss;

    @Option(names = "--augment", defaultValue = "none", paramLabel = "NAME", description = "paper or none (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--resize", defaultValue = "stretch", paramLabel = "MODE", description = "stretch or letterbox (default: ${DEFAULT-VALUE}).")
    String resize;

    @Option(names = "--train-split", defaultValue = "train", paramLabel = "NAME", description = "Training split list (default: ${DEFAULT-VALUE}).")
    String trainSplit;

    @Option(names = "--val-split", defaultValue = "val", paramLabel = "NAME", description = "Validation split list, or 'none' (default: ${DEFAULT-VALUE}).")
    String valSplit;

    @Option(names = "--val-every", defaultValue = "1", paramLabel = "N", description = "Validate every N epochs (default: ${DEFAULT-VALUE}).")
    int valEvery;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "N",
            description = "Stop after N validations in a row without a better mAP, keeping best.ckpt; 0: never"
                    + " (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--checkpoints", defaultValue = "every:10", paramLabel = "POLICY",
            description = "Numbered checkpoints: every:N or original (last and best are always kept) (default: ${DEFAULT-VALUE}).")
    String checkpoints;

    @Option(names = "--save-every", defaultValue = "60", paramLabel = "SECONDS",
            description = "Write last.ckpt after an epoch when this long passed since the last save; numbered, best and"
                    + " final epochs and interrupts always save (default: ${DEFAULT-VALUE}).")
    int saveEvery;

    @Option(names = "--histograms", defaultValue = "off", paramLabel = "off|all|REGEX",
            description = "Weight and gradient histograms per epoch in TensorBoard (default: ${DEFAULT-VALUE}).")
    String histograms;

    @Option(names = "--feature-maps", description = "Log feature-map grids of a fixed sample image per epoch to TensorBoard.")
    boolean featureMaps;

    @Option(names = "--sample-detections", description = "Log detections on a fixed sample image per epoch to TensorBoard.")
    boolean sampleDetections;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", paramLabel = "N", description = "Data loading threads (default: min(4, cores)).")
    Integer workers;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Use only the first N training images (0: all).")
    int limit;

    @Option(names = "--device", paramLabel = "cpu|gpu|gpu:N", description = "Device (default: the first GPU if any, else the CPU).")
    String device;

    @Option(names = "--strict", description = "Stop on the first unreadable file instead of skipping and counting it.")
    boolean strict;

    @Option(names = "--pretrained", paramLabel = "FILE",
            description = "Start the backbone from pretrained weights: darknet .weights for original, fcn, fast and"
                    + " fast-conv (extraction.conv.weights, darknet.weights, yolov1*.weights), a torchvision"
                    + " state_dict saved as .safetensors for the resnets; the network takes the input scale the"
                    + " weights were trained with (darknet: v/255, torchvision: ImageNet mean/std). Recorded in the"
                    + " run's pretrained.txt.")
    Path pretrained;

    @Option(names = "--resume-if-exists",
            description = "When --run already holds this run (same network, size and dataset), continue it up to"
                    + " --epochs instead of refusing; a run already there is left as it is.")
    boolean resumeIfExists;

    @Override
    public Integer call() throws Exception {
        for (Path d : data) {
            if (!Files.isDirectory(d)) {
                throw bad("--data " + d + " is not a folder");
            }
        }
        if (pretrained != null && !Files.isRegularFile(pretrained)) {
            throw bad("--pretrained " + pretrained + " is not a file");
        }
        TrainConfig config = config();
        if (pretrained != null) {
            config = config.toBuilder().model(PretrainedWeights.configFor(pretrained, config.model())).build();
        }
        try (RunLock lock = RunLock.acquire(run)) {
            RunStart plan;
            try {
                plan = RunStart.plan(config, run);
            } catch (IllegalStateException e) {
                throw bad(e.getMessage());
            }
            if (plan.kind() != RunStart.Kind.NEW && !resumeIfExists) {
                throw bad("--run " + run + " already holds a run (epoch " + plan.epochsDone() + "): continue it with"
                        + " 'jyolo resume " + run + "' or --resume-if-exists, or choose another folder");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(plan.message());
            out.flush();
            if (plan.kind() == RunStart.Kind.FINISHED) {
                return 0;
            }
            try (Trainer trainer = plan.kind() == RunStart.Kind.NEW ? Trainer.create(config, run)
                    : Trainer.resume(run, config.epochs())) {
                printNotes(trainer, spec.commandLine().getErr());
                if (pretrained != null && plan.kind() == RunStart.Kind.NEW) {
                    // only into a new run: a continued run keeps its trained weights
                    String loaded = PretrainedWeights.load(pretrained, trainer.network());
                    Files.writeString(run.resolve("pretrained.txt"), loaded + System.lineSeparator());
                    out.println(loaded);
                    out.flush();
                }
                return fitInterruptibly(trainer);
            }
        }
    }

    /** What opening the data decided (derived classes, a split that fell back, merged folders), once each. */
    static void printNotes(Trainer trainer, java.io.PrintWriter err) {
        Set<String> notes = new LinkedHashSet<>(trainer.trainSet().notes());
        if (trainer.valSet() != null) {
            notes.addAll(trainer.valSet().notes());
        }
        notes.forEach(n -> err.println("note: " + n));
        if (trainer.trainSet().classList().source() != ClassSource.CLASS_FILE) {
            err.println("note: the " + trainer.classes().size() + " classes are saved in " + trainer.run().classes());
        }
        err.flush();
    }

    /**
     * The training configuration the options describe. Options left out take the values of
     * {@link TrainConfig#builder(String)} (a test holds the two sets of defaults together).
     */
    TrainConfig config() throws java.io.IOException {
        TrainConfig.Builder b = TrainConfig.builder(DataFolders.join(data))
                .network(architecture(), size)
                .batchSize(batch).learningRate(lr).schedule(schedule)
                .optimizer(enumOf(OptimizerKind.class, optimizer, "--optimizer")).momentum(momentum)
                .weightDecay(weightDecay).augmentation(switch (augment.toLowerCase(Locale.ROOT)) {
                    case "paper" -> Augmentation.paper();
                    case "none" -> Augmentation.none();
                    default -> throw bad("--augment must be paper or none, got " + augment);
                })
                .resize(enumOf(ResizeMode.class, resize, "--resize"))
                .loss(LossConfig.builder().classLoss(enumOf(ClassLoss.class, classLoss, "--class-loss")).build())
                .trainSplit(trainSplit).valSplit(valSplit.equalsIgnoreCase("none") ? null : valSplit)
                .validateEvery(valEvery).patience(patience).checkpoints(CheckpointPolicy.parse(checkpoints)).saveEverySeconds(saveEvery)
                .histograms(histogramFilter()).featureMaps(featureMaps).sampleDetections(sampleDetections)
                .seed(seed).limitTrain(limit).device(device).strict(strict);
        if (workers != null) {
            b.workers(workers);
        }
        b.model(b.build().model().toBuilder().outputActivation(enumOf(OutputActivation.class, activation, "--activation")).build());
        int n;
        if (epochs.equalsIgnoreCase("original")) {
            n = TrainConfig.originalEpochs(io.jyolo.data.VocDataset.open(data, null).classes().size());
        } else {
            try {
                n = Integer.parseInt(epochs);
            } catch (NumberFormatException e) {
                throw bad("--epochs must be a number or 'original', got " + epochs);
            }
        }
        b.epochs(n);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    /** Runs {@code fit} so that Ctrl-C stops it after the current batch and waits for its checkpoint. */
    static int fitInterruptibly(Trainer trainer) throws Exception {
        TrainingResult result = StopOnCtrlC.run("stopping after the current batch (saving a checkpoint)...",
                CHECKPOINT_GRACE, () -> trainer.fit(new ConsoleProgress(System.out)));
        return switch (result.status()) {
            case COMPLETED, EARLY_STOPPED -> 0; // an early stop is a normal end: best.ckpt is the result
            case INTERRUPTED -> 130;
            case DIVERGED -> 1;
        };
    }

    private Architecture architecture() {
        try {
            return Architecture.parse(network);
        } catch (IllegalArgumentException e) {
            throw bad("--network: " + e.getMessage());
        }
    }

    private HistogramFilter histogramFilter() {
        try {
            return HistogramFilter.parse(histograms);
        } catch (IllegalArgumentException e) {
            throw bad("--" + e.getMessage());
        }
    }

    private <E extends Enum<E>> E enumOf(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw bad(option + " '" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants())
                    .toLowerCase(Locale.ROOT));
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
