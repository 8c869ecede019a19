package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.jyolo.data.Augmentation;
import io.jyolo.data.Batch;
import io.jyolo.data.DataLoader;
import io.jyolo.data.LoaderStats;
import io.jyolo.data.Sample;
import io.jyolo.data.VocDataset;
import io.jyolo.data.VocObject;
import io.jyolo.eval.VocEvaluator;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.OutputLayout;
import io.jyolo.model.YoloNetwork;
import io.jyolo.predict.Decoder;
import io.jyolo.predict.Detection;
import io.jyolo.run.TrainConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Detects over a dataset and scores it: the loss and the VOC mAP, in evaluation mode (no dropout,
 * BatchNorm on its running statistics) and without gradients. The one detect-and-score loop: the
 * {@link Trainer} validates with it, and {@link RunValidator} gives it to {@code jyolo evaluate --run}
 * and the notebook's evaluation, so the three report the same mAP for the same run and split.
 *
 * <p>The images come from a {@link DataLoader}, so they are resized exactly as in training and
 * the loss is computed on the same targets. {@link ValidationOptions} set the score threshold
 * (by default {@value ValidationOptions#SCORE_THRESHOLD}, so that AP sees nearly the whole
 * precision-recall curve), the IoU, the AP method and the classes scored.
 *
 * <p>Unreadable images: a non-strict loader skips an image it cannot read; such an image is left
 * out of both the detections and the ground truth (a missing image is neither a miss nor a false
 * positive), counted in {@link Validation#skipped()}, named in {@link Validation#unreadable()} and
 * logged as a warning. A strict loader fails instead.
 *
 * <p>The thread's interrupt flag is checked before every batch: an interrupted pass clears the flag
 * and throws {@link ValidationInterruptedException}.
 */
public final class Validator {

    private static final System.Logger LOG = System.getLogger(Validator.class.getName());

    private final YoloNetwork network;
    private final NDManager manager;
    private final YoloLoss loss;
    private final Decoder decoder;
    private final VocEvaluator evaluator;

    /** A validator with the {@link ValidationOptions#defaults() default options}, as the Trainer uses it. */
    public Validator(YoloNetwork network, NDManager manager, YoloLoss loss, OutputLayout layout, List<String> classes) {
        this(network, manager, loss, layout, classes, ValidationOptions.defaults());
    }

    /**
     * @param network the network to score (its parameters attached to {@code manager})
     * @param manager the manager holding the network; each batch works in a sub-manager of it
     * @param loss    the loss to report alongside the mAP
     * @param layout  the network's output layout
     * @param classes the network's class names in index order
     * @param options threshold, IoU, AP method and classes to score ({@code batchSize} is the loader's)
     */
    public Validator(YoloNetwork network, NDManager manager, YoloLoss loss, OutputLayout layout, List<String> classes,
                     ValidationOptions options) {
        this.network = network;
        this.manager = manager;
        this.loss = loss;
        this.decoder = Decoder.builder(layout, classes).scoreThreshold(options.scoreThreshold()).build();
        this.evaluator = VocEvaluator.builder().iou(options.iou()).method(options.method())
                .classes(options.classes() == null ? classes : options.classes()).build();
    }

    /**
     * The loader a run's images are validated with, during training and after it alike: the run's
     * input size, resize mode, seed and workers, dataset order, no augmentation. One builder, so the
     * Trainer's mAP and a later evaluation of the same checkpoint cannot drift apart.
     *
     * @param batchSize images per forward pass
     * @param strict    fail on an unreadable image (else skip and count it)
     */
    public static DataLoader loader(VocDataset images, ModelConfig model, TrainConfig config, int batchSize,
                                    boolean strict) {
        return DataLoader.builder(images, model.layout()).inputSize(model.inputSize()).batchSize(batchSize)
                .shuffle(false).seed(config.seed()).augmentation(Augmentation.none()).resizeMode(config.resize())
                .workers(config.workers()).strict(strict).build();
    }

    /** One pass over every image of {@code loader}'s dataset, in dataset order. */
    public Validation validate(DataLoader loader) {
        return validate(loader, ValidationProgress.NONE);
    }

    /** One pass as {@link #validate(DataLoader)}, telling {@code progress} after every batch. */
    public Validation validate(DataLoader loader, ValidationProgress progress) {
        int total = loader.dataset().size();
        LossTotals sums = LossTotals.ZERO;
        Map<String, List<Detection>> detections = new LinkedHashMap<>();
        try (DataLoader.Epoch epoch = loader.epoch(1)) {
            while (true) {
                Batch b = next(epoch, total);
                if (b == null) {
                    break;
                }
                try (NDManager sub = manager.newSubManager()) {
                    NDList data = b.toNDList(sub);
                    // A fresh store: a store caches parameter arrays, and each training step replaces them.
                    NDArray out = network.forward(new ParameterStore(manager, false), new NDList(data.get(0)), false)
                            .singletonOrThrow();
                    sums = sums.plus(loss.compute(out, data.get(1)).parts(), b.size());
                    List<List<Detection>> decoded = decoder.decode(out, b.geometries());
                    for (int i = 0; i < b.size(); i++) {
                        detections.put(b.ids().get(i), decoded.get(i));
                    }
                }
                progress.imagesDone(done(epoch), total);
            }
        }
        Map<String, List<VocObject>> truth = new LinkedHashMap<>();
        for (Sample s : loader.dataset().samples()) {
            if (detections.containsKey(s.id())) {
                truth.put(s.id(), s.objects());
            }
        }
        int skipped = total - truth.size();
        List<String> unreadable = skipped == 0 ? List.of() : loader.failures();
        if (skipped > 0) {
            LOG.log(System.Logger.Level.WARNING, String.format(Locale.ROOT,
                    "validation skipped %d unreadable of %d images: %s", skipped, total, unreadable));
        }
        return new Validation(sums, evaluator.evaluate(truth, detections), detections, truth, truth.size(), skipped,
                unreadable);
    }

    /** The next batch, null at the end; an interrupt (seen here or while the loader waited) ends the pass. */
    private static Batch next(DataLoader.Epoch epoch, int total) {
        if (Thread.interrupted()) {
            throw new ValidationInterruptedException(done(epoch), total);
        }
        try {
            return epoch.hasNext() ? epoch.next() : null;
        } catch (IllegalStateException e) {
            if (Thread.interrupted() || e.getCause() instanceof InterruptedException) {
                throw new ValidationInterruptedException(done(epoch), total);
            }
            throw e;
        }
    }

    private static int done(DataLoader.Epoch epoch) {
        LoaderStats s = epoch.stats();
        return (int) (s.samples() + s.skippedSamples());
    }
}
