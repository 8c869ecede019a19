package io.jyolo.data;

import io.jyolo.image.Mats;
import io.jyolo.model.OutputLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.opencv.core.Mat;

/**
 * Everything that happens to one sample between the disk and the batch: decode (or take the decoded
 * image from {@link DecodedImages}), resize, augment, normalise, encode the target.
 *
 * <p>Stateless and thread-safe; the result depends only on the sample and the seed, which is what
 * makes multi-threaded loading reproducible. {@link DataLoader} runs it on worker threads;
 * notebooks can call it directly to look at one augmented sample.
 */
public final class SamplePipeline {

    private final List<String> classes;
    private final OutputLayout layout;
    private final int inputSize;
    private final ResizeMode resizeMode;
    private final Augmentation augmentation;
    private final TargetEncoder encoder;
    private final DecodedImages decoded;

    /**
     * @param classes          the class list (its size must equal {@code layout.classes()})
     * @param layout           grid size and class count of the target
     * @param inputSize        side of the square network input, e.g. 448
     * @param resizeMode       stretch (default in training) or letterbox
     * @param augmentation     {@link Augmentation#none()} for validation
     * @param includeDifficult encode difficult objects with the difficult flag instead of leaving them out
     */
    public SamplePipeline(List<String> classes, OutputLayout layout, int inputSize, ResizeMode resizeMode,
                          Augmentation augmentation, boolean includeDifficult) {
        this(classes, layout, inputSize, resizeMode, augmentation, includeDifficult, null);
    }

    /**
     * As {@link #SamplePipeline(List, OutputLayout, int, ResizeMode, Augmentation, boolean)}, reading images
     * through {@code decoded} (null: {@link DecodedImages#shared()}, the process's cache).
     */
    public SamplePipeline(List<String> classes, OutputLayout layout, int inputSize, ResizeMode resizeMode,
                          Augmentation augmentation, boolean includeDifficult, DecodedImages decoded) {
        if (classes.size() != layout.classes()) {
            throw new IllegalArgumentException("the dataset has " + classes.size() + " classes but the output layout expects "
                    + layout.classes());
        }
        this.classes = List.copyOf(classes);
        this.layout = layout;
        this.inputSize = inputSize;
        this.resizeMode = resizeMode;
        this.augmentation = augmentation;
        this.encoder = new TargetEncoder(layout, inputSize, includeDifficult);
        this.decoded = decoded != null ? decoded : DecodedImages.shared();
    }

    /**
     * One prepared sample.
     *
     * @param id                   sample id
     * @param geometry             original image to input, before augmentation
     * @param boxes                objects in input pixels after augmentation (including difficult ones)
     * @param encoding             what the target encoder kept, dropped and left out
     * @param droppedByAugmentation objects lost because augmentation pushed them (mostly) out of the frame
     */
    public record Prepared(String id, Resize geometry, List<InputBox> boxes, TargetEncoder.Stats encoding,
                           int droppedByAugmentation) {
    }

    public int inputSize() {
        return inputSize;
    }

    public OutputLayout layout() {
        return layout;
    }

    public Augmentation augmentation() {
        return augmentation;
    }

    public ResizeMode resizeMode() {
        return resizeMode;
    }

    public TargetEncoder encoder() {
        return encoder;
    }

    /** Floats per image in a batch ({@code 3 * size * size}). */
    public int imageFloats() {
        return Preprocess.floatsPerImage(inputSize);
    }

    /** Floats per target in a batch ({@code S * S * targetChannels}). */
    public int targetFloats() {
        return encoder.floatsPerImage();
    }

    /**
     * Decodes, augments and encodes {@code sample}, writing {@link #imageFloats()} floats into
     * {@code images} at {@code imageOffset} and {@link #targetFloats()} into {@code targets} at
     * {@code targetOffset}.
     *
     * @throws IOException naming the image file when it cannot be decoded or its size disagrees with the annotation
     */
    public Prepared prepare(Sample sample, long seed, float[] images, int imageOffset, float[] targets,
                            int targetOffset) throws IOException {
        BufferedImage img = decoded.read(sample.imagePath());
        sample.requireSize(img);
        Resize geometry = Resize.of(resizeMode, img.getWidth(), img.getHeight(), inputSize);
        List<InputBox> original = new ArrayList<>(sample.objects().size());
        for (VocObject o : sample.objects()) {
            int c = classes.indexOf(o.name());
            if (c < 0) {
                throw new IllegalStateException(sample.id() + ": class '" + o.name() + "' not in the class list");
            }
            original.add(new InputBox(c, o.box(), o.difficult()));
        }
        Mat bgr = Mats.toBgrMat(img);
        Augmenter.Result r;
        try {
            r = Augmenter.apply(bgr, geometry, original, augmentation, new SplittableRandom(seed), images, imageOffset);
        } finally {
            bgr.release();
        }
        TargetEncoder.Stats stats = encoder.encode(r.boxes(), targets, targetOffset);
        return new Prepared(sample.id(), geometry, r.boxes(), stats, r.dropped());
    }

    /** As {@link #prepare(Sample, long, float[], int, float[], int)} into fresh arrays: {@code [image, target]}. */
    public float[][] prepare(Sample sample, long seed) throws IOException {
        float[] image = new float[imageFloats()];
        float[] target = new float[targetFloats()];
        prepare(sample, seed, image, 0, target, 0);
        return new float[][] {image, target};
    }
}
