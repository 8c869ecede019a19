package io.jyolo.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.jyolo.data.Batch;
import io.jyolo.data.DataFolders;
import io.jyolo.data.DataLoader;
import io.jyolo.data.Sample;
import io.jyolo.data.Seeds;
import io.jyolo.data.VocDataset;
import io.jyolo.data.VocShrink;
import io.jyolo.engine.Engines;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import io.jyolo.run.CheckpointMeta;
import io.jyolo.run.Checkpoints;
import io.jyolo.run.EpochRecord;
import io.jyolo.run.History;
import io.jyolo.run.InitialWeights;
import io.jyolo.run.OptimizerKind;
import io.jyolo.run.RunFolder;
import io.jyolo.run.TrainConfig;
import io.jyolo.tensorboard.SummaryWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a YOLO v1 network into a run folder, and continues it exactly after an interruption.
 *
 * <p>A run folder ({@link RunFolder}) holds the configuration, the class list, the history, the
 * checkpoints and the TensorBoard event files. {@link #create} starts a run; {@link #resume}
 * continues one from its newest valid checkpoint, restoring weights, BatchNorm statistics,
 * optimizer momentum, schedule position, data order and random state, so that an interrupted and
 * resumed run ends with the same weights as an uninterrupted one.
 *
 * <p>The Trainer sets the run up and drives the loop; the work is done by its parts:
 * {@link TrainingStep} (one optimizer step in its own {@link NDManager} sub-manager, so native
 * memory stays flat), {@link Validator} (loss and mAP on the validation split), {@link LossTotals}
 * (the epoch's loss sums), and the epoch-end listeners {@link HistoryLog}, {@link TensorBoardLog}
 * and {@link CheckpointSaver}, run in that order (see {@link #fit}).
 *
 * <p>With {@code patience > 0}, the run stops early once that many validations in a row brought no
 * better mAP ({@link EarlyStop}); {@code best.ckpt} holds the best epoch. The counter lives in the
 * checkpoint, so an interrupted run resumes with it, and a run that stopped early stays stopped.
 *
 * <p>A new run may start from another run's weights ({@code initFrom}, {@link InitialWeights}: matched
 * by name and shape, the optimizer and epoch not taken), and may hold its backbone still for the
 * first {@code freezeBackbone} epochs ({@link TrainingStep}: backbone in inference mode, no gradient,
 * no optimizer state). Whether an epoch is frozen follows from its number alone, so a run resumed
 * inside the frozen epochs stays frozen. Adam's bias correction counts each parameter's own updates
 * (as PyTorch's does), so the thawed backbone starts with corrected moments, not with steps several
 * times the rate.
 *
 * <p>{@link #fit} checks the thread's interrupt flag before every
 * batch: the notebook's interrupt button or Ctrl-C in the CLI stops after the current batch with a
 * checkpoint.
 *
 * <p>No training step reads from the device (each read makes the host wait for the device, which on
 * a GPU serialises the steps): the loss parts are summed on the device ({@link DeviceLossTotals}) and
 * read every {@link #progressEvery(int) progressEvery} batches (for the progress listeners), at the
 * end of the epoch, and before a checkpoint is written on an interrupt. A NaN or infinite loss makes
 * those sums non-finite for good, so each read is also the divergence check, and the run stops with
 * {@link TrainingResult.Status#DIVERGED} at the first read after it. The cost: up to
 * {@code progressEvery - 1} further steps are applied after the bad one, with NaN gradients, so the
 * weights in memory are spoiled when the run stops; but no checkpoint is written without a read
 * first (epoch-end checkpoints come after the epoch's last read and a check that every weight is
 * finite), so those weights are never saved, and the last good checkpoint is kept. Progress values
 * are therefore up to {@code progressEvery - 1} batches old.
 *
 * <p>Difficult objects are encoded into the targets with their flag set; with the default loss
 * ({@code ignoreDifficult}) their cells are left out of the loss entirely, so the network is
 * neither taught nor punished on them (as the VOC evaluation ignores them).
 */
public final class Trainer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Trainer.class.getName());

    private final RunFolder run;
    private final TrainConfig config;
    private final List<String> classes;
    private final NDManager manager;
    /** The devices of the data-parallel replicas; the first holds the weights (see {@link TrainingStep}). */
    private final List<Device> devices;
    private final YoloNetwork network;
    private final Optimizer optimizer;
    private final TrainingStep step;
    private final Validator validator;
    private final CheckpointSaver checkpoints;
    private final VocDataset trainSet;
    private final VocDataset valSet;
    private final DataLoader trainLoader;
    private final DataLoader valLoader;
    private final History history;
    private CheckpointMeta state;
    private final boolean resumed;
    private int progressEvery = DEFAULT_PROGRESS_EVERY;
    /** What starting the run did besides initialising (where its weights came from), or null. */
    private String startNote;

    /** Batches between two reads of the loss sums, unless changed with {@link #progressEvery(int)}. */
    public static final int DEFAULT_PROGRESS_EVERY = 10;

    private Trainer(RunFolder run, TrainConfig config, Checkpoints.Loaded from) throws IOException {
        this.run = run;
        Engines.disableGradientsOnThisThread();
        List<Path> data = DataFolders.parse(config.data());
        VocDataset train = VocDataset.builder(data).split(config.trainSplit()).strict(config.strict()).build();
        if (train.size() == 0) {
            throw new IllegalArgumentException("no training images in " + config.data() + " (split "
                    + config.trainSplit() + ")");
        }
        this.classes = from != null ? from.meta().classes() : train.classes();
        if (!classes.equals(train.classes())) {
            throw new IllegalArgumentException(run.dir() + ": the dataset's classes " + train.classes()
                    + " differ from the run's " + classes);
        }
        ModelConfig model = config.model().toBuilder().classes(classes.size()).build();
        this.config = config.toBuilder().model(model).build();
        this.trainSet = config.limitTrain() > 0 ? train.limit(config.limitTrain()) : train;
        VocShrink.hint(trainSet.samples(), model.inputSize()).ifPresent(h -> LOG.log(System.Logger.Level.WARNING, h));
        this.valSet = config.valSplit() == null || config.valSplit().isBlank() ? null
                : VocDataset.builder(data).split(config.valSplit()).strict(config.strict()).build();
        this.devices = config.device() == null || config.device().isBlank() ? List.of(Engines.defaultDevice())
                : Engines.parseDevices(config.device(), Engines.get().getGpuCount());
        this.manager = NDManager.newBaseManager(devices.get(0));
        Engine.getInstance().setRandomSeed((int) Seeds.mix(config.seed(), -1));
        this.network = YoloNetworks.create(model).initialize(manager);
        this.optimizer = config.optimizer() == OptimizerKind.ADAM
                ? Optimizer.adam(manager, config.momentum(), 0.999, 1e-8, config.weightDecay())
                : Optimizer.sgd(manager, config.momentum(), config.weightDecay());
        YoloLoss loss = new YoloLoss(model.layout(), config.loss());
        this.step = new TrainingStep(network, loss, optimizer, manager, config.seed(), devices);
        this.validator = new Validator(network, manager, loss, model.layout(), classes);
        this.checkpoints = new CheckpointSaver(run, this.config, network, optimizer, manager);
        this.trainLoader = DataLoader.builder(trainSet, model.layout()).inputSize(model.inputSize())
                .batchSize(config.batchSize()).shuffle(true).seed(config.seed())
                .augmentation(config.augmentation()).resizeMode(config.resize()).workers(config.workers())
                .strict(config.strict()).includeDifficult(true).build();
        this.valLoader = valSet == null || valSet.size() == 0 ? null
                : Validator.loader(valSet, model, config, config.batchSize(), config.strict());
        History h = History.read(run.history());
        if (from != null) {
            from.restoreParameters(network, manager);
            for (Pair<String, Parameter> p : network.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
            from.restoreOptimizer(optimizer, manager);
            this.state = from.meta();
            h.truncateAfter(state.epoch());
            this.resumed = true;
        } else {
            this.state = new CheckpointMeta(0, 0, 0, config.seed(), this.config.toJson(), classes, Double.NaN,
                    Map.of(), System.currentTimeMillis());
            this.resumed = false;
        }
        this.history = h;
    }

    /** Starts a new run in {@code runDir}; refuses a folder that already holds checkpoints. */
    public static Trainer create(TrainConfig config, Path runDir) throws IOException {
        RunFolder run = new RunFolder(runDir);
        if (!Checkpoints.list(run.checkpoints()).isEmpty()) {
            throw new IllegalStateException("run folder " + runDir + " already has checkpoints: resume it"
                    + " (Trainer.resume / jyolo resume) or choose another folder");
        }
        Path initFrom = null;
        if (config.initFrom() != null) {
            initFrom = InitialWeights.resolve(Path.of(config.initFrom())).toAbsolutePath().normalize();
            config = config.toBuilder().initFrom(initFrom.toString()).build();
        }
        Files.createDirectories(run.checkpoints());
        Trainer t = new Trainer(run, config, null);
        if (initFrom != null) {
            try {
                t.startNote = InitialWeights.load(initFrom, t.network, t.manager).message();
            } catch (IOException | RuntimeException e) {
                t.close();
                throw e;
            }
        }
        Files.writeString(run.config(), t.config.toJson(), StandardCharsets.UTF_8);
        Files.write(run.classes(), t.classes, StandardCharsets.UTF_8);
        return t;
    }

    /** Continues the run in {@code runDir} from its newest valid checkpoint. */
    public static Trainer resume(Path runDir) throws IOException {
        return resume(runDir, null);
    }

    /**
     * Continues the run in {@code runDir}, optionally with a new epoch budget ({@code epochs > 0}:
     * train further than first planned).
     */
    public static Trainer resume(Path runDir, Integer epochs) throws IOException {
        return resume(runDir, epochs, null);
    }

    /**
     * Continues the run in {@code runDir} as {@link #resume(Path, Integer)}, on {@code device} when it is not
     * null ({@code cpu}, {@code gpu}, {@code gpu:N}; blank: the default device) instead of the device the run
     * was started with: checkpoints hold plain float32 data, so a run started on a GPU box continues on a
     * laptop and the reverse. Later checkpoints record the new device. {@code device} may be a device list
     * ({@code gpu:0,gpu:1}, {@code all}, {@code cpu,cpu}): a checkpoint holds one copy of the weights and of
     * the optimizer state whatever the number of replicas that wrote it, so a run trained on two devices
     * resumes on one and the reverse.
     */
    public static Trainer resume(Path runDir, Integer epochs, String device) throws IOException {
        RunFolder run = new RunFolder(runDir);
        List<String> skipped = new ArrayList<>();
        Checkpoints.Loaded from = Checkpoints.newestGood(run.checkpoints(), skipped)
                .orElseThrow(() -> new IllegalStateException("no valid checkpoint in " + run.checkpoints()
                        + (skipped.isEmpty() ? "" : " (damaged: " + skipped + ")")));
        for (String s : skipped) {
            LOG.log(System.Logger.Level.WARNING, "skipping damaged checkpoint: " + s);
        }
        TrainConfig config = TrainConfig.fromJson(from.meta().configJson());
        if (epochs != null && epochs > 0) {
            config = config.toBuilder().epochs(epochs).build();
        }
        if (device != null) {
            config = config.toBuilder().device(device.isBlank() ? null : device.strip()).build();
        }
        return new Trainer(run, config, from);
    }

    /** Resumes the run in {@code runDir} when it has a checkpoint, else starts it with {@code config}. */
    public static Trainer createOrResume(TrainConfig config, Path runDir) throws IOException {
        RunFolder run = new RunFolder(runDir);
        if (Checkpoints.list(run.checkpoints()).isEmpty()) {
            return create(config, runDir);
        }
        return resume(runDir, config.epochs());
    }

    public TrainConfig config() {
        return config;
    }

    /**
     * Reads the loss sums from the device every {@code batches} batches (and at the end of each epoch):
     * how fresh the progress listeners' loss is, and how many steps may pass between a divergence and
     * its detection (see the class comment). 1 reads after every step, as a debugging aid.
     */
    public Trainer progressEvery(int batches) {
        if (batches < 1) {
            throw new IllegalArgumentException("progressEvery must be at least 1 batch, got " + batches);
        }
        progressEvery = batches;
        return this;
    }

    /**
     * One line on where a new run's weights came from ({@link InitialWeights#message()}: what was
     * taken and which layers start afresh), or null when they were freshly initialised or resumed.
     */
    public String startNote() {
        return startNote;
    }

    public YoloNetwork network() {
        return network;
    }

    /**
     * A parameter store for a forward pass of {@link #network()}. Valid until the next training step:
     * a store caches the parameter arrays it hands out, and each optimizer step gives every parameter
     * a fresh array (see {@link Optimizer}), so take a new one after training.
     */
    public ParameterStore parameterStore() {
        return new ParameterStore(manager, false);
    }

    public NDManager manager() {
        return manager;
    }

    public List<String> classes() {
        return classes;
    }

    public RunFolder run() {
        return run;
    }

    /** The training set (after {@code limitTrain}); its notes say what opening it decided. */
    public VocDataset trainSet() {
        return trainSet;
    }

    /** The validation set, or null. */
    public VocDataset valSet() {
        return valSet;
    }

    public History history() {
        return history;
    }

    /** Epochs completed so far. */
    public int epoch() {
        return state.epoch();
    }

    /** One line: what is trained on what, from which recipe, and where it starts. */
    public String describe() {
        ModelConfig m = config.model();
        return String.format(Locale.ROOT, "%s %s at %d px (S=%d, B=%d, C=%d) on %d training / %d validation images,"
                        + " batch %d, %s, %s (recipe %s%s); %s at epoch %d of %d (%s) -> %s",
                resumed ? "resuming" : "training", m.architecture(), m.inputSize(), m.gridSize(), m.boxesPerCell(),
                m.classes(), trainSet.size(), valSet == null ? 0 : valSet.size(), config.batchSize(),
                config.optimizer(), config.schedule(), config.recipe().shortName(),
                config.freezeBackbone() > 0 ? ", backbone frozen in epochs 1-" + config.freezeBackbone() : "",
                resumed ? "continuing" : "starting", state.epoch() + 1, config.epochs(),
                devices.size() == 1 ? devices.get(0) : devices + " (" + devices.size() + " replicas)", run.dir());
    }

    /**
     * Scores the current weights on the run's validation split with the validator and loader an
     * epoch's end uses: after {@link #resume}, the score of the checkpoint it loaded, without training.
     *
     * @throws IllegalStateException when the run has no validation images
     */
    public Validation validate() {
        if (valLoader == null) {
            throw new IllegalStateException(run.dir() + ": no validation images (val split '" + config.valSplit()
                    + "' of " + config.data() + ")");
        }
        Engines.disableGradientsOnThisThread();
        return validator.validate(valLoader);
    }

    /**
     * Trains until the configured epoch budget is reached, an interrupt, divergence, or an early
     * stop. A run that already stopped early does not train again: it returns
     * {@link TrainingResult.Status#EARLY_STOPPED} at once, however many epochs are left.
     *
     * <p>At the end of each epoch: validation (when due), then the epoch-end listeners in this
     * order: {@link HistoryLog}, {@link TensorBoardLog}, {@link CheckpointSaver}, then the
     * {@code listeners}' {@link TrainingListener#onEpoch}. Logs come before the checkpoint: a process
     * killed in between resumes from the previous checkpoint, which cuts the history and the event
     * files back and redoes this epoch. The other order would lose this epoch's logs for good (the
     * checkpoint says it is done, and the resume purges events after its step).
     */
    public TrainingResult fit(TrainingListener... listeners) throws IOException {
        Engines.disableGradientsOnThisThread();
        int first = state.epoch() + 1;
        for (TrainingListener l : listeners) {
            l.onStart(this, first);
        }
        TrainingResult result;
        try (SummaryWriter tb = resumed ? SummaryWriter.resume(run.dir(), state.epoch())
                : SummaryWriter.open(run.dir())) {
            Sample sample = valSet != null && valSet.size() > 0 ? valSet.get(0) : trainSet.get(0);
            TensorBoardLog tensorBoard = new TensorBoardLog(tb, config, classes, network, manager, sample);
            result = loop(tensorBoard, List.of(new HistoryLog(history, run.history()), tensorBoard, checkpoints),
                    listeners);
        }
        for (TrainingListener l : listeners) {
            l.onEnd(this, result);
        }
        return result;
    }

    private TrainingResult loop(TensorBoardLog tensorBoard, List<EpochEndListener> epochEnd,
                                TrainingListener[] listeners) throws IOException {
        if (state.atEpochBoundary() && state.patienceSpent(config.patience())) {
            EarlyStop stop = new EarlyStop(state.epoch(), config.patience(), state.bestEpoch(), state.bestMetric());
            return earlyStopped("already " + stop.message() + "; not training further");
        }
        while (state.epoch() < config.epochs()) {
            int epoch = state.epoch() + 1;
            double lr = config.schedule().rate(epoch);
            long started = System.nanoTime();
            int batch = state.batchesDone();
            int batches = trainLoader.batchesPerEpoch();
            long trained = 0;
            LossTotals sums = LossTotals.fromMap(state.partial()); // as of the last read
            try (DataLoader.Epoch loader = trainLoader.epoch(epoch, batch);
                 DeviceLossTotals device = new DeviceLossTotals(manager, sums)) {
                int checked = batch; // batches of this epoch known to have had a finite loss
                while (true) {
                    if (Thread.interrupted()) {
                        return interrupted(epoch, batch, device, checked);
                    }
                    Batch b;
                    try {
                        if (!loader.hasNext()) {
                            break;
                        }
                        b = loader.next();
                    } catch (IllegalStateException e) {
                        if (Thread.interrupted() || e.getCause() instanceof InterruptedException) {
                            return interrupted(epoch, batch, device, checked);
                        }
                        throw e;
                    }
                    step.run(b, lr, state.globalStep(), config.backboneFrozen(epoch),
                            batch == batches - 1 ? tensorBoard.gradientObserver(epoch) : null, device);
                    batch++;
                    state = withProgress(state.epoch(), batch, state.globalStep() + 1);
                    trained += b.size();
                    if (batch % progressEvery == 0 || batch == batches) {
                        sums = device.read();
                        if (!sums.finite()) {
                            return diverged(epoch, checked, batch);
                        }
                        checked = batch;
                    }
                    BatchProgress p = new BatchProgress(epoch, config.epochs(), batch, batches, device.images(),
                            sums.images() == 0 ? Double.NaN : sums.meanLoss(), // not read yet this epoch
                            sums.images() == 0 ? Double.NaN : sums.meanIou(),
                            trained / Math.max(1e-9, (System.nanoTime() - started) / 1e9), lr);
                    for (TrainingListener l : listeners) {
                        l.onBatch(p);
                    }
                }
                if (checked != batch) {
                    sums = device.read();
                    if (!sums.finite()) {
                        return diverged(epoch, checked, batch);
                    }
                }
            }
            if (!parametersFinite()) {
                return diverged(epoch, batch, batch);
            }
            EpochEnd end;
            try {
                end = finishEpoch(epoch, lr, sums, trained, started);
            } catch (ValidationInterruptedException e) {
                // every batch is trained: the checkpoint says so, and a resume validates this epoch
                return interrupted(epoch, batch, sums);
            }
            for (EpochEndListener l : epochEnd) {
                l.epochEnded(end);
            }
            for (TrainingListener l : listeners) {
                if (end.validation() != null) {
                    l.onValidation(this, end.validation());
                }
                l.onEpoch(this, end.record());
            }
            if (end.earlyStop() != null) {
                return earlyStopped(end.earlyStop().message());
            }
        }
        Path last = run.last();
        return new TrainingResult(TrainingResult.Status.COMPLETED, state.epoch(), state.globalStep(),
                Files.exists(last) ? last : null, String.format(Locale.ROOT,
                "done: %d epochs in %s (checkpoints in %s)", state.epoch(), run.dir(), run.checkpoints()));
    }

    /** True when every weight is finite (checked before a checkpoint is written: a saturated loss can hide it). */
    private boolean parametersFinite() {
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (!p.getValue().isInitialized()) {
                continue;
            }
            try (NDScope scope = new NDScope()) {
                NDArray w = p.getValue().getArray();
                if (w.isNaN().any().getBoolean() || w.isInfinite().any().getBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Validates when due, and moves the state to the epoch's end: the best mAP so far, and the
     * early-stopping counter, which counts validations (an epoch without one neither adds nor resets).
     */
    private EpochEnd finishEpoch(int epoch, double lr, LossTotals sums, long trained, long started) {
        double imagesPerSec = trained / Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        boolean due = valLoader != null && config.validateEvery() > 0
                && (epoch % config.validateEvery() == 0 || epoch == config.epochs());
        Validation val = due ? validator.validate(valLoader) : null;
        double seconds = (System.nanoTime() - started) / 1e9;
        EpochRecord record = new EpochRecord(epoch, lr, sums.meanLoss(), sums.meanCoord(),
                sums.meanObjectConfidence(), sums.meanNoObjectConfidence(), sums.meanClasses(), sums.meanIou(),
                val == null ? Double.NaN : val.loss().meanLoss(), val == null ? Double.NaN : val.map(),
                imagesPerSec, seconds, (int) trainLoader.stats().skippedSamples());
        double metric = record.valMap();
        boolean best = !Double.isNaN(metric) && (Double.isNaN(state.bestMetric()) || metric > state.bestMetric());
        int sinceBest = val == null ? state.sinceBest() : best ? 0 : state.sinceBest() + 1;
        state = new CheckpointMeta(epoch, 0, state.globalStep(), config.seed(), config.toJson(), classes,
                best ? metric : state.bestMetric(), Map.of(), System.currentTimeMillis(),
                best ? epoch : state.bestEpoch(), sinceBest);
        // on the last epoch the run ends anyway: that is its budget reached, not an early stop
        EarlyStop stop = val != null && epoch < config.epochs() && state.patienceSpent(config.patience())
                ? new EarlyStop(epoch, config.patience(), state.bestEpoch(), state.bestMetric()) : null;
        return new EpochEnd(record, sums, val, state, best, stop);
    }

    /** Reads the epoch's sums, which must be finite, and writes them into {@code last} with the current state. */
    private TrainingResult interrupted(int epoch, int batch, DeviceLossTotals device, int checked) throws IOException {
        Thread.interrupted();
        LossTotals sums = device.read();
        if (!sums.finite() || !parametersFinite()) {
            return diverged(epoch, checked, batch);
        }
        return interrupted(epoch, batch, sums);
    }

    /** Writes {@code last} with the current state and the epoch's sums, already read and found finite. */
    private TrainingResult interrupted(int epoch, int batch, LossTotals sums) throws IOException {
        Thread.interrupted();
        Path file = run.last();
        CheckpointMeta meta = new CheckpointMeta(epoch - 1, batch, state.globalStep(), config.seed(),
                config.toJson(), classes, state.bestMetric(), sums.toMap(), System.currentTimeMillis(),
                state.bestEpoch(), state.sinceBest());
        checkpoints.writeLast(meta);
        state = meta;
        return new TrainingResult(TrainingResult.Status.INTERRUPTED, epoch - 1, state.globalStep(), file,
                String.format(Locale.ROOT, "interrupted in epoch %d after batch %d; saved %s — resume to continue",
                        epoch, batch, file));
    }

    private TrainingResult earlyStopped(String message) {
        Path last = run.last();
        return new TrainingResult(TrainingResult.Status.EARLY_STOPPED, state.epoch(), state.globalStep(),
                Files.exists(last) ? last : null, message);
    }

    /** The loss or the weights became non-finite in epoch {@code epoch} after batch {@code checked}, by batch {@code batch}. */
    private TrainingResult diverged(int epoch, int checked, int batch) {
        Path last = run.last();
        String keep = Files.exists(last) ? "the last good checkpoint is " + last : "no checkpoint was written yet";
        return new TrainingResult(TrainingResult.Status.DIVERGED, state.epoch(), state.globalStep(),
                Files.exists(last) ? last : null, String.format(Locale.ROOT,
                "the loss or the weights became NaN or infinite in epoch %d, %s: training stopped"
                        + " without saving them; %s (try a lower learning rate or a warm-up)", epoch,
                checked + 1 >= batch ? "batch " + batch : "batches " + (checked + 1) + " to " + batch, keep));
    }

    /**
     * The training state after a batch. Its loss sums stay on the device until a checkpoint needs them
     * ({@link #interrupted}), so the state carries none in between.
     */
    private CheckpointMeta withProgress(int epoch, int batchesDone, long globalStep) {
        return new CheckpointMeta(epoch, batchesDone, globalStep, state.seed(), state.configJson(), classes,
                state.bestMetric(), Map.of(), state.wallTime(), state.bestEpoch(), state.sinceBest());
    }

    @Override
    public void close() {
        trainLoader.close();
        if (valLoader != null) {
            valLoader.close();
        }
        optimizer.close();
        manager.close();
    }
}
