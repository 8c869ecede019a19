package io.jyolo.viz;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.jyolo.data.Preprocess;
import io.jyolo.data.ResizeMode;
import io.jyolo.engine.Engines;
import io.jyolo.model.FeatureMaps;
import io.jyolo.model.FeatureMaps.FeatureMap;
import io.jyolo.model.YoloNetwork;
import io.jyolo.run.TrainedNetwork;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * What each convolution stage of a network "sees" for one image: the stage's output channels as
 * grey tiles, each scaled between its own minimum (black) and maximum (white), the most active
 * channels first. Early stages show edges and colours, later ones coarse blobs on the S x S grid.
 */
public final class FeatureMapGrid {

    /** Pixels per tile side (feature maps are enlarged with nearest-neighbour, so cells stay visible). */
    public static final int TILE = 72;

    private FeatureMapGrid() {
    }

    /**
     * One stage's picture, with a title strip naming it and its shape.
     *
     * @param name     stage name ({@code stage1} ...)
     * @param channels channels of the stage output
     * @param height   feature map height
     * @param width    feature map width
     * @param shown    channels drawn (the strongest by mean activation)
     * @param image    the tiled grid
     */
    public record StageGrid(String name, int channels, int height, int width, int shown, BufferedImage image)
            implements Displayable {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d channels of %d x %d (%d shown)", name, channels, height, width,
                    shown);
        }
    }

    /**
     * Runs {@code network} on {@code image} (inference mode, the training preprocessing) and draws
     * every convolution stage's output; the head and output stages, which are not images, are left
     * out. Native memory is released before returning.
     *
     * @param manager     a manager on the network's device
     * @param maxChannels channels per stage at most (the strongest ones)
     */
    public static List<StageGrid> collect(YoloNetwork network, NDManager manager, BufferedImage image,
                                          ResizeMode mode, int maxChannels) {
        int size = network.config().inputSize();
        float[] input = Preprocess.toInput(image, size, mode);
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.create(input, new Shape(1, 3, size, size));
            return of(FeatureMaps.collect(network, x), maxChannels);
        }
    }

    /**
     * The grids for {@code image} of the trained network in {@code runDir} (its best checkpoint,
     * else the last), on the default device; the weights are freed before returning.
     */
    public static List<StageGrid> forRun(Path runDir, BufferedImage image, int maxChannels) throws IOException {
        return forRun(runDir, null, image, maxChannels);
    }

    /**
     * As {@link #forRun(Path, BufferedImage, int)} on {@code device} ({@code cpu}, {@code gpu},
     * {@code gpu:N}; null: the default device).
     */
    public static List<StageGrid> forRun(Path runDir, String device, BufferedImage image, int maxChannels)
            throws IOException {
        Engines.disableGradientsOnThisThread(); // inference only: no autograd graph
        try (TrainedNetwork loaded = TrainedNetwork.load(runDir, null, device)) {
            return collect(loaded.network(), loaded.manager(), image, loaded.run().resize(), maxChannels);
        }
    }

    /** The grids of the 4-D (N x C x H x W) maps among {@code maps}, first image of the batch. */
    public static List<StageGrid> of(List<FeatureMap> maps, int maxChannels) {
        List<StageGrid> out = new ArrayList<>();
        for (FeatureMap m : maps) {
            Shape s = m.output().getShape();
            if (s.dimension() != 4 || m.name().equals("head") || m.name().equals("output")) {
                continue;
            }
            int c = (int) s.get(1);
            int h = (int) s.get(2);
            int w = (int) s.get(3);
            float[] all = m.output().get(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            out.add(grid(m.name(), all, c, h, w, maxChannels));
        }
        return out;
    }

    /**
     * The grid of one C x H x W activation held row-major in {@code values}: the {@code maxChannels}
     * channels with the highest mean, each normalised to its own range, about square.
     */
    public static StageGrid grid(String name, float[] values, int channels, int height, int width, int maxChannels) {
        if (values.length != channels * height * width) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + channels + " x "
                    + height + " x " + width);
        }
        int plane = height * width;
        double[] mean = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += values[c * plane + i];
            }
            mean[c] = sum / plane;
        }
        Integer[] order = IntStream.range(0, channels).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -mean[c]).thenComparingInt(c -> c));
        int shown = Math.max(1, Math.min(maxChannels, channels));
        int cols = (int) Math.ceil(Math.sqrt(shown));
        int rows = (shown + cols - 1) / cols;
        int gap = 2;
        String title = String.format(Locale.ROOT, "%s: %d channels of %d x %d, strongest %d shown", name, channels,
                height, width, shown);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        int titleH = 20;
        BufferedImage out = new BufferedImage(cols * (TILE + gap) + gap, titleH + rows * (TILE + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            g.setColor(Color.BLACK);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, gap, (titleH + fm.getAscent() - fm.getDescent()) / 2);
            for (int k = 0; k < shown; k++) {
                BufferedImage tile = channel(values, order[k] * plane, height, width);
                int x = gap + (k % cols) * (TILE + gap);
                int y = titleH + gap + (k / cols) * (TILE + gap);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(tile, x, y, TILE, TILE, null);
            }
        } finally {
            g.dispose();
        }
        return new StageGrid(name, channels, height, width, shown, out);
    }

    /** One channel as a grey image, min black, max white (flat channels are mid-grey). */
    static BufferedImage channel(float[] values, int offset, int height, int width) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < height * width; i++) {
            float v = values[offset + i];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        float range = max - min;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = values[offset + y * width + x];
                int grey = range > 0 ? Math.round((v - min) / range * 255f) : 128;
                img.getRaster().setSample(x, y, 0, grey);
            }
        }
        return img;
    }
}
