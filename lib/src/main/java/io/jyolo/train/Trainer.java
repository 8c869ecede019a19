package io.jyolo.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.jyolo.data.Augmentation;
import io.jyolo.data.Batch;
import io.jyolo.data.DataFolders;
import io.jyolo.data.DataLoader;
import io.jyolo.data.Sample;
import io.jyolo.data.Seeds;
import io.jyolo.data.VocDataset;
import io.jyolo.data.VocObject;
import io.jyolo.engine.Engines;
import io.jyolo.eval.ApMethod;
import io.jyolo.eval.EvalResult;
import io.jyolo.eval.VocEvaluator;
import io.jyolo.loss.LossParts;
import io.jyolo.loss.LossResult;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import io.jyolo.predict.Decoder;
import io.jyolo.predict.Detection;
import io.jyolo.predict.Inference;
import io.jyolo.run.CheckpointMeta;
import io.jyolo.run.Checkpoints;
import io.jyolo.run.EpochRecord;
import io.jyolo.run.History;
import io.jyolo.run.OptimizerKind;
import io.jyolo.run.RunFolder;
import io.jyolo.run.TrainConfig;
import io.jyolo.tensorboard.SummaryWriter;
import io.jyolo.viz.BoxPainter;
import io.jyolo.viz.FeatureMapGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Trains a YOLO v1 network into a run folder, and continues it exactly after an interruption.
 *
 * <p>A run folder ({@link RunFolder}) holds the configuration, the class list, the history, the
 * checkpoints and the TensorBoard event files. {@link #create} starts a run; {@link #resume}
 * continues one from its newest valid checkpoint, restoring weights, BatchNorm statistics,
 * optimizer momentum, schedule position, data order and random state, so that an interrupted and
 * resumed run ends with the same weights as an uninterrupted one.
 *
 * <p>Every step runs in its own {@link NDManager} sub-manager that is closed at the end of the
 * step (native memory stays flat). {@link #fit} checks the thread's interrupt flag before every
 * batch: the notebook's interrupt button or Ctrl-C in the CLI stops after the current batch with a
 * checkpoint. A NaN or infinite loss stops the run before the bad step is applied; the last good
 * checkpoint is kept.
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
    private final YoloNetwork network;
    private final Optimizer optimizer;
    private final YoloLoss loss;
    private final VocDataset trainSet;
    private final VocDataset valSet;
    private final DataLoader trainLoader;
    private final DataLoader valLoader;
    private final History history;
    private final Pattern histogramPattern;
    private CheckpointMeta state;
    private long lastSave = System.nanoTime();
    private final boolean resumed;

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
        this.valSet = config.valSplit() == null || config.valSplit().isBlank() ? null
                : VocDataset.builder(data).split(config.valSplit()).strict(config.strict()).build();
        Device device = config.device() == null || config.device().isBlank() ? Engines.defaultDevice()
                : Engines.parseDevice(config.device(), Engines.get().getGpuCount());
        this.manager = NDManager.newBaseManager(device);
        Engine.getInstance().setRandomSeed((int) Seeds.mix(config.seed(), -1));
        this.network = YoloNetworks.create(model).initialize(manager);
        this.optimizer = config.optimizer() == OptimizerKind.ADAM
                ? Optimizer.adam(manager, config.momentum(), 0.999, 1e-8, config.weightDecay())
                : Optimizer.sgd(manager, config.momentum(), config.weightDecay());
        this.loss = new YoloLoss(model.layout(), config.loss());
        this.trainLoader = DataLoader.builder(trainSet, model.layout()).inputSize(model.inputSize())
                .batchSize(config.batchSize()).shuffle(true).seed(config.seed())
                .augmentation(config.augmentation()).resizeMode(config.resize()).workers(config.workers())
                .strict(config.strict()).includeDifficult(true).build();
        this.valLoader = valSet == null || valSet.size() == 0 ? null
                : DataLoader.builder(valSet, model.layout()).inputSize(model.inputSize())
                        .batchSize(config.batchSize()).shuffle(false).seed(config.seed())
                        .augmentation(Augmentation.none()).resizeMode(config.resize()).workers(config.workers())
                        .strict(config.strict()).build();
        this.histogramPattern = switch (config.histograms().toLowerCase(Locale.ROOT)) {
            case "off", "none", "false" -> null;
            case "all", "true" -> Pattern.compile(".*");
            default -> Pattern.compile(config.histograms());
        };
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
        Files.createDirectories(run.checkpoints());
        Trainer t = new Trainer(run, config, null);
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

    /** One line: what is trained on what, and where it starts. */
    public String describe() {
        ModelConfig m = config.model();
        return String.format(Locale.ROOT, "%s %s at %d px (S=%d, B=%d, C=%d) on %d training / %d validation images,"
                        + " batch %d, %s, %s; %s at epoch %d of %d (%s) -> %s",
                resumed ? "resuming" : "training", m.architecture(), m.inputSize(), m.gridSize(), m.boxesPerCell(),
                m.classes(), trainSet.size(), valSet == null ? 0 : valSet.size(), config.batchSize(),
                config.optimizer(), config.schedule(), resumed ? "continuing" : "starting",
                state.epoch() + 1, config.epochs(), manager.getDevice(), run.dir());
    }

    /** Trains until the configured epoch budget is reached, an interrupt, or divergence. */
    public TrainingResult fit(TrainingListener... listeners) throws IOException {
        Engines.disableGradientsOnThisThread();
        int first = state.epoch() + 1;
        for (TrainingListener l : listeners) {
            l.onStart(this, first);
        }
        TrainingResult result;
        try (SummaryWriter tb = resumed ? SummaryWriter.resume(run.dir(), state.epoch())
                : SummaryWriter.open(run.dir())) {
            result = loop(tb, listeners);
        }
        for (TrainingListener l : listeners) {
            l.onEnd(this, result);
        }
        return result;
    }

    private TrainingResult loop(SummaryWriter tb, TrainingListener[] listeners) throws IOException {
        while (state.epoch() < config.epochs()) {
            int epoch = state.epoch() + 1;
            double lr = config.schedule().rate(epoch);
            long started = System.nanoTime();
            Map<String, Double> sums = new HashMap<>(state.partial());
            int batch = state.batchesDone();
            int batches = trainLoader.batchesPerEpoch();
            long trained = 0;
            try (DataLoader.Epoch loader = trainLoader.epoch(epoch, batch)) {
                while (true) {
                    if (Thread.interrupted()) {
                        return interrupted(epoch, batch, sums);
                    }
                    Batch b;
                    try {
                        if (!loader.hasNext()) {
                            break;
                        }
                        b = loader.next();
                    } catch (IllegalStateException e) {
                        if (Thread.interrupted() || e.getCause() instanceof InterruptedException) {
                            return interrupted(epoch, batch, sums);
                        }
                        throw e;
                    }
                    LossParts parts = step(b, lr, tb, epoch, batch == batches - 1);
                    if (parts == null) {
                        return diverged(epoch, batch);
                    }
                    add(sums, parts, b.size());
                    batch++;
                    state = withProgress(state.epoch(), batch, state.globalStep() + 1, sums);
                    double images = sums.getOrDefault("images", 0.0);
                    trained += b.size();
                    BatchProgress p = new BatchProgress(epoch, config.epochs(), batch, batches, (long) images,
                            sums.get("loss") / images, meanIou(sums),
                            trained / Math.max(1e-9, (System.nanoTime() - started) / 1e9), lr);
                    for (TrainingListener l : listeners) {
                        l.onBatch(p);
                    }
                }
            }
            if (!parametersFinite()) {
                return diverged(epoch, batch - 1);
            }
            EpochRecord record = finishEpoch(epoch, lr, sums, trained, started, tb);
            for (TrainingListener l : listeners) {
                l.onEpoch(this, record);
            }
        }
        Path last = run.last();
        return new TrainingResult(TrainingResult.Status.COMPLETED, state.epoch(), state.globalStep(),
                Files.exists(last) ? last : null, String.format(Locale.ROOT,
                "done: %d epochs in %s (checkpoints in %s)", state.epoch(), run.dir(), run.checkpoints()));
    }

    /** One optimizer step; null when the loss is not finite (nothing applied). */
    private LossParts step(Batch b, double lr, SummaryWriter tb, int epoch, boolean lastOfEpoch) {
        Engine.getInstance().setRandomSeed((int) Seeds.mix(config.seed(), state.globalStep()));
        try (NDManager sub = manager.newSubManager()) {
            NDList data = b.toNDList(sub);
            LossResult r;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = network.forward(parameterStore(), new NDList(data.get(0)), true, null).singletonOrThrow();
                r = loss.compute(out, data.get(1));
                if (!Double.isFinite(r.parts().total())) {
                    return null;
                }
                collector.backward(r.total());
            }
            if (lastOfEpoch && histogramPattern != null) {
                logHistograms(tb, epoch, true);
            }
            optimizer.step(network.getParameters(), lr);
            return r.parts();
        }
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

    private void logHistograms(SummaryWriter tb, int epoch, boolean gradients) {
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (!histogramPattern.matcher(p.getKey()).find() || !p.getValue().isInitialized()) {
                continue;
            }
            NDArray w = p.getValue().getArray();
            if (gradients) {
                if (w.hasGradient()) {
                    try (NDArray g = w.getGradient()) {
                        tb.histogram(p.getKey() + "/grad", epoch, g);
                    }
                }
            } else {
                tb.histogram(p.getKey() + "/data", epoch, w);
            }
        }
    }

    private EpochRecord finishEpoch(int epoch, double lr, Map<String, Double> sums, long trained, long started,
                                    SummaryWriter tb) throws IOException {
        double images = Math.max(1, sums.getOrDefault("images", 0.0));
        double imagesPerSec = trained / Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        double[] val = {Double.NaN, Double.NaN};
        boolean validate = valLoader != null && config.validateEvery() > 0
                && (epoch % config.validateEvery() == 0 || epoch == config.epochs());
        Map<String, Double> valSums = null;
        if (validate) {
            valSums = new HashMap<>();
            val[1] = validate(valSums);
            val[0] = valSums.get("loss") / Math.max(1, valSums.get("images"));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        EpochRecord record = new EpochRecord(epoch, lr, sums.get("loss") / images, sums.get("coord") / images,
                sums.get("obj") / images, sums.get("noobj") / images, sums.get("classes") / images, meanIou(sums),
                val[0], val[1], imagesPerSec, seconds, (int) trainLoader.stats().skippedSamples());
        double metric = record.valMap();
        boolean best = !Double.isNaN(metric) && (Double.isNaN(state.bestMetric()) || metric > state.bestMetric());
        state = new CheckpointMeta(epoch, 0, state.globalStep(), config.seed(), config.toJson(), classes,
                best ? metric : state.bestMetric(), Map.of(), System.currentTimeMillis());
        // Logs first, checkpoint last: a process killed in between resumes from the previous
        // checkpoint, which cuts the history and the event files back and redoes this epoch. The
        // other order would lose this epoch's logs for good (the checkpoint says it is done).
        history.add(record);
        history.write(run.history());
        logEpoch(tb, record, valSums);
        boolean numbered = config.checkpoints().keeps(epoch);
        if (best || numbered || epoch == config.epochs()
                || System.nanoTime() - lastSave >= config.saveEverySeconds() * 1_000_000_000L) {
            Checkpoints.write(run.last(), state, network, optimizer, manager);
            lastSave = System.nanoTime();
            if (numbered) {
                Checkpoints.copy(run.last(), run.checkpoints().resolve(Checkpoints.epochFileName(epoch)));
            }
            if (best) {
                Checkpoints.copy(run.last(), run.best());
            }
        }
        return record;
    }

    private void logEpoch(SummaryWriter tb, EpochRecord r, Map<String, Double> valSums) {
        int e = r.epoch();
        tb.scalar("Train/Loss_sum", e, r.loss());
        tb.scalar("Train/Loss_coord", e, r.coord());
        tb.scalar("Train/Loss_confidence", e, r.objConf());
        tb.scalar("Train/Loss_noobj", e, r.noobjConf());
        tb.scalar("Train/Loss_classes", e, r.classes());
        tb.scalar("Train/Epoch_iou", e, r.iou());
        tb.scalar("Train/lr", e, r.lr());
        tb.scalar("Train/images_per_sec", e, r.imagesPerSec());
        if (valSums != null) {
            double n = Math.max(1, valSums.get("images"));
            tb.scalar("Val/Loss_sum", e, valSums.get("loss") / n);
            tb.scalar("Val/Loss_coord", e, valSums.get("coord") / n);
            tb.scalar("Val/Loss_confidence", e, valSums.get("obj") / n);
            tb.scalar("Val/Loss_noobj", e, valSums.get("noobj") / n);
            tb.scalar("Val/Loss_classes", e, valSums.get("classes") / n);
            tb.scalar("Val/Epoch_iou", e, meanIou(valSums));
            tb.scalar("Val/mAP", e, r.valMap());
        }
        if (histogramPattern != null) {
            logHistograms(tb, e, false);
        }
        if (config.featureMaps() || config.sampleDetections()) {
            logSampleImage(tb, e);
        }
        tb.flush();
    }

    /**
     * Opt-in pictures of a fixed sample (the first validation image, else the first training
     * image): one feature-map grid per convolution stage ({@code FeatureMaps/<stage>}) and the
     * detections drawn on the original image ({@code Detections/sample}).
     */
    private void logSampleImage(SummaryWriter tb, int epoch) {
        Sample sample = valSet != null && valSet.size() > 0 ? valSet.get(0) : trainSet.get(0);
        BufferedImage image;
        try {
            image = sample.readImage();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "no sample image for TensorBoard: " + e.getMessage());
            return;
        }
        if (config.featureMaps()) {
            for (FeatureMapGrid.StageGrid g : FeatureMapGrid.collect(network, manager, image, config.resize(), 64)) {
                tb.image("FeatureMaps/" + g.name(), epoch, g.image());
            }
        }
        if (config.sampleDetections()) {
            Decoder decoder = Decoder.builder(config.model().layout(), classes).build();
            List<Detection> found = Inference.detect(network, parameterStore(), manager, List.of(image),
                    config.resize(), decoder).get(0);
            tb.image("Detections/sample", epoch, BoxPainter.drawDetections(image, found));
        }
    }

    /** Validation loss (into {@code sums}) and mAP at IoU 0.5 (all-point), in evaluation mode without gradients. */
    private double validate(Map<String, Double> sums) {
        Decoder decoder = Decoder.builder(config.model().layout(), classes).scoreThreshold(0.01f).build();
        Map<String, List<Detection>> detections = new LinkedHashMap<>();
        try (DataLoader.Epoch epoch = valLoader.epoch(1)) {
            for (Batch b : epoch) {
                try (NDManager sub = manager.newSubManager()) {
                    NDList data = b.toNDList(sub);
                    NDArray out = network.forward(parameterStore(), new NDList(data.get(0)), false).singletonOrThrow();
                    add(sums, loss.compute(out, data.get(1)).parts(), b.size());
                    List<List<Detection>> decoded = decoder.decode(out, b.geometries());
                    for (int i = 0; i < b.size(); i++) {
                        detections.put(b.ids().get(i), decoded.get(i));
                    }
                }
            }
        }
        Map<String, List<VocObject>> truth = new LinkedHashMap<>();
        for (Sample s : valSet.samples()) {
            if (detections.containsKey(s.id())) {
                truth.put(s.id(), s.objects());
            }
        }
        EvalResult result = VocEvaluator.builder().iou(0.5).method(ApMethod.ALL_POINT).classes(classes).build()
                .evaluate(truth, detections);
        return result.map();
    }

    private TrainingResult interrupted(int epoch, int batch, Map<String, Double> sums) throws IOException {
        Thread.interrupted();
        Path file = run.last();
        CheckpointMeta meta = new CheckpointMeta(epoch - 1, batch, state.globalStep(), config.seed(),
                config.toJson(), classes, state.bestMetric(), sums, System.currentTimeMillis());
        Checkpoints.write(file, meta, network, optimizer, manager);
        state = meta;
        return new TrainingResult(TrainingResult.Status.INTERRUPTED, epoch - 1, state.globalStep(), file,
                String.format(Locale.ROOT, "interrupted in epoch %d after batch %d; saved %s — resume to continue",
                        epoch, batch, file));
    }

    private TrainingResult diverged(int epoch, int batch) {
        Path last = run.last();
        String keep = Files.exists(last) ? "the last good checkpoint is " + last : "no checkpoint was written yet";
        return new TrainingResult(TrainingResult.Status.DIVERGED, state.epoch(), state.globalStep(),
                Files.exists(last) ? last : null, String.format(Locale.ROOT,
                "the loss or the weights became NaN or infinite in epoch %d, batch %d: training stopped"
                        + " without saving them; %s (try a lower learning rate or a warm-up)", epoch, batch + 1, keep));
    }

    /** The training state after a batch, with the epoch's running loss sums so far. */
    private CheckpointMeta withProgress(int epoch, int batchesDone, long globalStep, Map<String, Double> sums) {
        return new CheckpointMeta(epoch, batchesDone, globalStep, state.seed(), state.configJson(), classes,
                state.bestMetric(), sums, state.wallTime());
    }

    private static void add(Map<String, Double> sums, LossParts p, int n) {
        sums.merge("loss", p.total() * n, Double::sum);
        sums.merge("coord", p.coord() * n, Double::sum);
        sums.merge("obj", p.objectConfidence() * n, Double::sum);
        sums.merge("noobj", p.noObjectConfidence() * n, Double::sum);
        sums.merge("classes", p.classes() * n, Double::sum);
        sums.merge("iouSum", p.iouSum(), Double::sum);
        sums.merge("objects", (double) p.objectCount(), Double::sum);
        sums.merge("images", (double) n, Double::sum);
    }

    private static double meanIou(Map<String, Double> sums) {
        double objects = sums.getOrDefault("objects", 0.0);
        return objects > 0 ? sums.getOrDefault("iouSum", 0.0) / objects : 0.0;
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
