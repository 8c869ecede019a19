package io.jyolo.train;

import io.jyolo.data.DataLoader;
import io.jyolo.data.VocDataset;
import io.jyolo.engine.Engines;
import io.jyolo.loss.YoloLoss;
import io.jyolo.model.ModelConfig;
import io.jyolo.run.TrainConfig;
import io.jyolo.run.TrainedNetwork;
import io.jyolo.run.TrainedRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A trained run's {@link Validator}: the network loaded from its checkpoint, and the loader the
 * Trainer validates with ({@link Validator#loader}). The one place where {@code jyolo evaluate --run} and the notebook's
 * evaluation turn a run folder into detections and scores, so they agree with each other and with
 * the mAP the run recorded while training.
 *
 * <p>Unreadable images are skipped and counted ({@link Validation#skipped()}), whatever the run's
 * {@code strict} setting: an evaluation reports on the images it could read.
 */
public final class RunValidator implements AutoCloseable {

    private final TrainedNetwork loaded;

    private RunValidator(TrainedNetwork loaded) {
        this.loaded = loaded;
    }

    /**
     * The run in {@code runDir} with {@code checkpoint} (null: best, else last, see
     * {@link TrainedRun#open}) on {@code device} (null: the first GPU if any, else the CPU).
     *
     * @throws IOException naming the file when the folder is not a run or its checkpoint does not fit
     */
    public static RunValidator load(Path runDir, Path checkpoint, String device) throws IOException {
        Objects.requireNonNull(runDir, "runDir");
        return new RunValidator(TrainedNetwork.load(runDir, checkpoint, device));
    }

    /** What the run folder says: configuration, classes, the checkpoint in use. */
    public TrainedRun run() {
        return loaded.run();
    }

    /** The run's class names, in index order. */
    public List<String> classes() {
        return loaded.run().classes();
    }

    /**
     * The images of {@code split} of {@code data} (null: every image; the first {@code limit} when
     * {@code limit > 0}), labelled with the run's classes: when the dataset derives other classes,
     * it is opened again with the run's (objects of other classes are left out, as the dataset's
     * notes say), and a note says so.
     *
     * @throws IOException when the split has no images or cannot be read
     */
    public Split split(List<Path> data, String split, int limit) throws IOException {
        VocDataset images = VocDataset.builder(data).split(split).build();
        List<String> notes = new ArrayList<>();
        if (!images.classes().equals(classes())) {
            notes.add("the dataset's classes " + images.classes() + " differ from the run's " + classes()
                    + "; labelling it with the run's");
            images = VocDataset.builder(data).split(split).classes(classes()).build();
        }
        notes.addAll(0, images.notes());
        if (limit > 0 && limit < images.size()) {
            images = images.limit(limit);
        }
        if (images.size() == 0) {
            throw new IOException(data + ": no images to evaluate" + (split == null ? "" : " in split '" + split + "'"));
        }
        return new Split(images, notes);
    }

    /**
     * Detects on every image of {@code images} and scores them; {@code progress} hears after every
     * batch. The loss is the run's training loss on the same images.
     *
     * @throws IOException when none of the images could be read
     * @throws ValidationInterruptedException when the thread is interrupted
     */
    public Validation validate(VocDataset images, ValidationOptions options, ValidationProgress progress)
            throws IOException {
        if (!images.classes().equals(classes())) {
            throw new IllegalArgumentException("the dataset's classes " + images.classes() + " differ from the run's "
                    + classes() + "; open it with split(...)");
        }
        Engines.disableGradientsOnThisThread();
        TrainConfig config = run().config();
        ModelConfig model = run().model();
        Validator validator = new Validator(loaded.network(), loaded.manager(), new YoloLoss(model.layout(),
                config.loss()), model.layout(), classes(), options);
        try (DataLoader loader = Validator.loader(images, model, config, batchSize(options), false)) {
            Validation v = validator.validate(loader, progress);
            if (v.images() == 0) {
                throw new IOException("none of the " + images.size() + " images could be read: " + v.unreadable());
            }
            return v;
        }
    }

    /** Images per forward pass: the options' batch size, else the run's training batch size. */
    public int batchSize(ValidationOptions options) {
        return options.batchSize() > 0 ? options.batchSize() : run().config().batchSize();
    }

    /** One line: which network from which checkpoint, at which size, on which device. */
    public String describe() {
        return loaded.describe();
    }

    /** Frees the weights. */
    @Override
    public void close() {
        loaded.close();
    }

    /**
     * The images to score and what opening them decided.
     *
     * @param images the samples, labelled with the run's classes
     * @param notes  lines a user should read: split fall-backs, unknown classes, a relabelling
     */
    public record Split(VocDataset images, List<String> notes) {
        public Split {
            notes = List.copyOf(notes);
        }
    }
}
