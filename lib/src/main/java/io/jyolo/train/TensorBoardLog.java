package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.jyolo.data.Sample;
import io.jyolo.model.YoloNetwork;
import io.jyolo.predict.Decoder;
import io.jyolo.predict.Detection;
import io.jyolo.predict.Inference;
import io.jyolo.run.EpochRecord;
import io.jyolo.run.TrainConfig;
import io.jyolo.tensorboard.SummaryWriter;
import io.jyolo.viz.BoxPainter;
import io.jyolo.viz.FeatureMapGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A run's TensorBoard logs, one point per epoch: the training and validation loss parts, IoU,
 * mAP, learning rate and throughput ({@code Train/...}, {@code Val/...}); optionally histograms of
 * the weights ({@code <parameter>/data}) and of the gradients of the epoch's last step
 * ({@code <parameter>/grad}), and pictures of a fixed sample image. When early stopping ends the
 * run, {@code Train/early_stop} gets the value 1 at that epoch and the text
 * {@code Train/stop_reason} says why, so TensorBoard alone explains a curve that ends early.
 *
 * <p>The gradient histograms are taken inside the step, through {@link #gradientObserver}: after
 * the update the optimizer has dropped the gradients.
 */
public final class TensorBoardLog implements EpochEndListener {

    private static final System.Logger LOG = System.getLogger(TensorBoardLog.class.getName());

    private final SummaryWriter tb;
    private final TrainConfig config;
    private final List<String> classes;
    private final YoloNetwork network;
    private final NDManager manager;
    private final Pattern histograms;
    private final Sample sample;

    /**
     * @param tb      the run's event writer (opened, after a resume, with the events past the checkpoint purged)
     * @param config  the run's configuration: histogram filter, pictures, resize mode, layout
     * @param classes class names in index order
     * @param network the network trained
     * @param manager the manager holding it
     * @param sample  the image the pictures show every epoch
     */
    public TensorBoardLog(SummaryWriter tb, TrainConfig config, List<String> classes, YoloNetwork network,
                          NDManager manager, Sample sample) {
        this.tb = tb;
        this.config = config;
        this.classes = classes;
        this.network = network;
        this.manager = manager;
        this.histograms = config.histograms().pattern();
        this.sample = sample;
    }

    /** Logs the gradient histograms of a step at {@code epoch}; null when histograms are off. */
    public TrainingStep.GradientObserver gradientObserver(int epoch) {
        return histograms == null ? null : () -> logHistograms(epoch, true);
    }

    @Override
    public void epochEnded(EpochEnd end) {
        EpochRecord r = end.record();
        int e = r.epoch();
        losses("Train", e, end.train());
        tb.scalar("Train/lr", e, r.lr());
        tb.scalar("Train/images_per_sec", e, r.imagesPerSec());
        if (end.validation() != null) {
            losses("Val", e, end.validation().loss());
            tb.scalar("Val/mAP", e, r.valMap());
        }
        if (end.earlyStop() != null) {
            tb.scalar("Train/early_stop", e, 1);
            tb.text("Train/stop_reason", e, end.earlyStop().message());
        }
        if (histograms != null) {
            logHistograms(e, false);
        }
        if (config.featureMaps() || config.sampleDetections()) {
            logSampleImage(e);
        }
        tb.flush();
    }

    /** The mean loss parts and IoU (the history row's values, for training). */
    private void losses(String prefix, int epoch, LossTotals t) {
        tb.scalar(prefix + "/Loss_sum", epoch, t.meanLoss());
        tb.scalar(prefix + "/Loss_coord", epoch, t.meanCoord());
        tb.scalar(prefix + "/Loss_confidence", epoch, t.meanObjectConfidence());
        tb.scalar(prefix + "/Loss_noobj", epoch, t.meanNoObjectConfidence());
        tb.scalar(prefix + "/Loss_classes", epoch, t.meanClasses());
        tb.scalar(prefix + "/Epoch_iou", epoch, t.meanIou());
    }

    private void logHistograms(int epoch, boolean gradients) {
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (!histograms.matcher(p.getKey()).find() || !p.getValue().isInitialized()) {
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

    /**
     * Opt-in pictures of the sample: one feature-map grid per convolution stage
     * ({@code FeatureMaps/<stage>}) and the detections drawn on the original image
     * ({@code Detections/sample}). An unreadable sample is logged and skipped.
     */
    private void logSampleImage(int epoch) {
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
            List<Detection> found = Inference.detect(network, new ParameterStore(manager, false), manager,
                    List.of(image), config.resize(), decoder).get(0);
            tb.image("Detections/sample", epoch, BoxPainter.drawDetections(image, found));
        }
    }
}
