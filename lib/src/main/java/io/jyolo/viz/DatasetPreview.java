package io.jyolo.viz;

import io.jyolo.data.Sample;
import io.jyolo.data.VocDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A first look at a dataset: images with their ground-truth boxes and class names, tiled into
 * one picture for a notebook cell or a report.
 */
public final class DatasetPreview {

    private DatasetPreview() {
    }

    /** The first {@code count} samples of {@code ds} with their boxes, four per row. */
    public static BufferedImage grid(VocDataset ds, int count) throws IOException {
        return grid(ds, ds.samples().subList(0, Math.min(count, ds.size())), 4, 256);
    }

    /** The given samples with their boxes, {@code columns} per row, each scaled into a {@code cell}-pixel square. */
    public static BufferedImage grid(VocDataset ds, List<Sample> samples, int columns, int cell) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (Sample s : samples) {
            images.add(BoxPainter.drawGroundTruth(s.readImage(), s.objects(), ds.classes()));
            captions.add(s.id() + " (" + s.objects().size() + ")");
        }
        return ImageGrid.tile(images, captions, columns, cell);
    }
}
