package io.jyolo.weights;

import java.util.List;

/**
 * What a darknet {@code .weights} file put into a network.
 *
 * @param file the file, as given
 * @param header its header
 * @param backbone the darknet network it was read as
 * @param batchNorm whether the convolutions were read with BatchNorm values (the backbone's
 *     reading, or the other one when only that fits the file's size)
 * @param layers the jyolo layers filled, in order ({@code stage1/conv1}, ...)
 * @param trailingFloats floats after the loaded convolutions that were not used (a classifier, or
 *     layers of a longer network); 0 when the file held exactly the backbone
 */
public record DarknetLoad(String file, DarknetHeader header, DarknetBackbone backbone, boolean batchNorm,
                          List<String> layers, long trailingFloats) {

    public DarknetLoad {
        layers = List.copyOf(layers);
    }

    /** One line for the log. */
    public String summary() {
        String first = layers.isEmpty() ? "" : layers.get(0);
        String last = layers.isEmpty() ? "" : layers.get(layers.size() - 1);
        return "loaded " + layers.size() + " " + backbone.cliName() + " convolutions of " + file + " (darknet "
                + header.version() + ", " + header.seen() + " images seen, " + (batchNorm ? "with" : "without")
                + " BatchNorm) into " + first + " ... " + last
                + (trailingFloats == 0 ? "" : "; " + trailingFloats + " trailing floats not used");
    }
}
