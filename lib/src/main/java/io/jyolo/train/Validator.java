package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.jyolo.data.Batch;
import io.jyolo.data.DataLoader;
import io.jyolo.data.Sample;
import io.jyolo.data.VocObject;
import io.jyolo.eval.ApMethod;
import io.jyolo.eval.VocEvaluator;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.OutputLayout;
import io.jyolo.model.YoloNetwork;
import io.jyolo.predict.Decoder;
import io.jyolo.predict.Detection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Detects over a dataset and scores it: the loss and the VOC mAP at IoU 0.5 (all-point AP), in
 * evaluation mode (no dropout, BatchNorm on its running statistics) and without gradients.
 *
 * <p>The images come from a {@link DataLoader}, so they are resized exactly as in training and
 * the loss is computed on the same targets. Its detections keep scores down to
 * {@link #SCORE_THRESHOLD}, so that AP sees nearly the whole precision-recall curve.
 *
 * <p>Unreadable images: a non-strict loader skips an image it cannot read; such an image is left
 * out of both the detections and the ground truth (a missing image is neither a miss nor a false
 * positive), counted in {@link Validation#skipped()} and logged as a warning. A strict loader
 * fails instead.
 *
 * <p>Used by {@link Trainer} after the epochs it validates; usable on its own for any network and
 * split (any caller holding a network and a loader for the split).
 */
public final class Validator {

    private static final System.Logger LOG = System.getLogger(Validator.class.getName());

    /** Lowest detection score kept for AP. */
    public static final float SCORE_THRESHOLD = 0.01f;

    private final YoloNetwork network;
    private final NDManager manager;
    private final YoloLoss loss;
    private final Decoder decoder;
    private final VocEvaluator evaluator;

    /**
     * @param network the network to score (its parameters attached to {@code manager})
     * @param manager the manager holding the network; each batch works in a sub-manager of it
     * @param loss    the loss to report alongside the mAP
     * @param layout  the network's output layout
     * @param classes class names in index order
     */
    public Validator(YoloNetwork network, NDManager manager, YoloLoss loss, OutputLayout layout, List<String> classes) {
        this.network = network;
        this.manager = manager;
        this.loss = loss;
        this.decoder = Decoder.builder(layout, classes).scoreThreshold(SCORE_THRESHOLD).build();
        this.evaluator = VocEvaluator.builder().iou(0.5).method(ApMethod.ALL_POINT).classes(classes).build();
    }

    /** One pass over every image of {@code loader}'s dataset, in dataset order. */
    public Validation validate(DataLoader loader) {
        LossTotals sums = LossTotals.ZERO;
        Map<String, List<Detection>> detections = new LinkedHashMap<>();
        try (DataLoader.Epoch epoch = loader.epoch(1)) {
            for (Batch b : epoch) {
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
            }
        }
        Map<String, List<VocObject>> truth = new LinkedHashMap<>();
        for (Sample s : loader.dataset().samples()) {
            if (detections.containsKey(s.id())) {
                truth.put(s.id(), s.objects());
            }
        }
        int skipped = loader.dataset().size() - truth.size();
        if (skipped > 0) {
            LOG.log(System.Logger.Level.WARNING, String.format(Locale.ROOT,
                    "validation skipped %d unreadable of %d images: %s", skipped, loader.dataset().size(),
                    loader.failures()));
        }
        return new Validation(sums, evaluator.evaluate(truth, detections), detections, truth.size(), skipped);
    }
}
