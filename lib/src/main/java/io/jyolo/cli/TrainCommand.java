package io.jyolo.cli;

import io.jyolo.data.Augmentation;
import io.jyolo.data.ClassSource;
import io.jyolo.data.DataFolders;
import io.jyolo.data.ResizeMode;
import io.jyolo.loss.ClassLoss;
import io.jyolo.model.Architecture;
import io.jyolo.model.OutputActivation;
import io.jyolo.run.CheckpointPolicy;
import io.jyolo.run.HistogramFilter;
import io.jyolo.run.OptimizerKind;
import io.jyolo.run.Recipe;
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

    @Option(names = "--recipe", defaultValue = "demo", paramLabel = "NAME",
            description = "The settings to start from, each option below overriding them: demo (today's defaults,"
                    + " tuned on the generated shapes), original (the PyTorch original: its network, SGD, schedule,"
                    + " 2000 epochs per class and checkpoint cadence, its rate scaled for the batch-averaged loss),"
                    + " paper (Redmon et al. 2016: 135 epochs, batch 64, warm-up then 1e-2, 1e-3, 1e-4) or finetune"
                    + " (from a pretrained backbone: Adam 1e-4, backbone frozen 3 epochs, paper augmentation; not"
                    + " tuned by measurement). The README's table lists every setting (default: ${DEFAULT-VALUE}).")
    String recipe;

    @Option(names = "--network", paramLabel = "NAME",
            description = "fast, fast-conv (Fast YOLO with a 1x1 convolution head), original, fcn (fully convolutional),"
                    + " resnet18, resnet34 or resnet50 (torchvision's ResNets with the fully convolutional head); the"
                    + " full names (e.g. fully-convolutional) work too (default: the recipe's; demo: fast-conv).")
    String network;

    @Option(names = "--size", paramLabel = "PX",
            description = "Input size, a multiple of 64; the grid is size/64 (default: the recipe's; demo: 192).")
    Integer size;

    @Option(names = "--epochs", paramLabel = "N|original",
            description = "Epochs, or 'original' for 2000 x classes, the PyTorch original's rule (default: the"
                    + " recipe's; demo: 6).")
    String epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size (default: the recipe's; demo: 16).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "X", description = "Base learning rate (default: the recipe's; demo: 0.001).")
    Double lr;

    @Option(names = "--schedule", paramLabel = "NAME",
            description = "constant, step (warm-up, x0.1 at 60%% and 85%%), paper or original (default: the recipe's;"
                    + " demo: step).")
    String schedule;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd or adam (default: the recipe's; demo: adam).")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "X", description = "Momentum (default: the recipe's; demo: 0.9).")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "X", description = "Weight decay (default: the recipe's; demo: 0.0005).")
    Double weightDecay;

    @Option(names = "--activation", paramLabel = "NAME",
            description = "Output activation: sigmoid, sigmoid_softmax or linear_softmax (default: the recipe's; demo:"
                    + " sigmoid_softmax).")
    String activation;

    @Option(names = "--class-loss", paramLabel = "NAME",
            description = "Class term of the loss: squared_error (the paper) or cross_entropy (default: the recipe's;"
                    + " demo: cross_entropy).")
    String classLoss;

    @Option(names = "--augment", paramLabel = "NAME", description = "paper or none (default: the recipe's; demo: none).")
    String augment;

    @Option(names = "--resize", paramLabel = "MODE", description = "stretch or letterbox (default: the recipe's; demo: stretch).")
    String resize;

    @Option(names = "--init-from", paramLabel = "RUN|CHECKPOINT",
            description = "Start a new run from another run's weights: a run folder (its best, else its last checkpoint)"
                    + " or a checkpoint file. Parameters are matched by name and shape; those that differ (a head for"
                    + " another class count, a fully-connected layer for another size) start afresh, and the run says"
                    + " which. Not a resume: the optimizer state and the epoch are not taken. Recorded in config.json.")
    Path initFrom;

    @Option(names = "--freeze-backbone", paramLabel = "N",
            description = "Train only what follows the backbone for the first N epochs (backbone weights and BatchNorm"
                    + " statistics held, its BatchNorm in inference mode) (default: the recipe's; demo: 0).")
    Integer freezeBackbone;

    @Option(names = "--train-split", defaultValue = "train", paramLabel = "NAME", description = "Training split list (default: ${DEFAULT-VALUE}).")
    String trainSplit;

    @Option(names = "--val-split", defaultValue = "val", paramLabel = "NAME", description = "Validation split list, or 'none' (default: ${DEFAULT-VALUE}).")
    String valSplit;

    @Option(names = "--val-every", paramLabel = "N", description = "Validate every N epochs (default: the recipe's; demo: 1).")
    Integer valEvery;

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after N validations in a row without a better mAP, keeping best.ckpt; 0: never"
                    + " (default: the recipe's; demo: 0).")
    Integer patience;

    @Option(names = "--checkpoints", paramLabel = "POLICY",
            description = "Numbered checkpoints: every:N or original (last and best are always kept) (default: the"
                    + " recipe's; demo: every:10).")
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

    @Option(names = {"--device", "--devices"}, paramLabel = "cpu|gpu|gpu:N|gpu:0,gpu:1,...|all",
            description = "Device (default: the first GPU if any, else the CPU); several, comma-separated, or all"
                    + " (every GPU): each batch is split across them (data-parallel; cpu,cpu: two CPU replicas).")
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
        if (initFrom != null && !Files.exists(initFrom)) {
            throw bad("--init-from " + initFrom + " does not exist: give a run folder or a checkpoint file");
        }
        if (initFrom != null && pretrained != null) {
            throw bad("--init-from and --pretrained both set the starting weights: give one of them");
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
                if (trainer.startNote() != null) {
                    out.println(trainer.startNote());
                    out.flush();
                }
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
        Recipe base;
        try {
            base = Recipe.parse(recipe);
        } catch (IllegalArgumentException e) {
            throw bad("--recipe: " + e.getMessage());
        }
        try {
            TrainConfig.Builder b = TrainConfig.builder(DataFolders.join(data), base)
                    .network(network == null ? null : architecture(), size)
                    .batchSize(batch).learningRate(lr).schedule(schedule)
                    .optimizer(optional(OptimizerKind.class, optimizer, "--optimizer")).momentum(momentum)
                    .weightDecay(weightDecay).augmentation(augment == null ? null : augmentation())
                    .resize(optional(ResizeMode.class, resize, "--resize"))
                    .trainSplit(trainSplit).valSplit(valSplit.equalsIgnoreCase("none") ? null : valSplit)
                    .validateEvery(valEvery).patience(patience)
                    .checkpoints(checkpoints == null ? null : CheckpointPolicy.parse(checkpoints)).saveEverySeconds(saveEvery)
                    .histograms(histogramFilter()).featureMaps(featureMaps).sampleDetections(sampleDetections)
                    .seed(seed).limitTrain(limit).device(device).strict(strict)
                    .freezeBackbone(freezeBackbone).initFrom(initFrom == null ? null : initFrom.toString());
            if (workers != null) {
                b.workers(workers);
            }
            TrainConfig built = b.build();
            if (classLoss != null) {
                b.loss(built.loss().toBuilder().classLoss(enumOf(ClassLoss.class, classLoss, "--class-loss")).build());
            }
            if (activation != null) {
                b.model(built.model().toBuilder()
                        .outputActivation(enumOf(OutputActivation.class, activation, "--activation")).build());
            }
            if (epochs != null && epochs.equalsIgnoreCase("original")) {
                b.epochsPerClass(2000);
            } else if (epochs != null) {
                try {
                    b.epochs(Integer.parseInt(epochs));
                } catch (NumberFormatException e) {
                    throw bad("--epochs must be a number or 'original', got " + epochs);
                }
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private Augmentation augmentation() {
        return switch (augment.toLowerCase(Locale.ROOT)) {
            case "paper" -> Augmentation.paper();
            case "none" -> Augmentation.none();
            default -> throw bad("--augment must be paper or none, got " + augment);
        };
    }

    /** The constant {@code value} names, or null (the recipe's) when the option was left out. */
    private <E extends Enum<E>> E optional(Class<E> type, String value, String option) {
        return value == null ? null : enumOf(type, value, option);
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
