package io.jyolo.weights;

import ai.djl.ndarray.types.Shape;
import io.jyolo.model.YoloNetwork;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a darknet {@code .weights} file into the backbone of a {@link YoloNetwork}, so training can
 * start from the ImageNet-pretrained convolutions the paper started from.
 *
 * <p>The format (darknet's {@code load_weights}): a {@link DarknetHeader}, then for each
 * convolution in order the biases, and with BatchNorm the scales, running means and running
 * variances (each one float32 per filter), then the kernels in PyTorch's OIHW order, all
 * little-endian. The file holds no shapes: the {@link DarknetBackbone} supplies them, and each one
 * is checked against the network before anything is read, so the first mismatch is reported with
 * its layer index and both shapes. A file that ends early names the convolution it ran out in; data
 * after the backbone (a classifier) is counted in the result. Whether the convolutions carry
 * BatchNorm values is the backbone's cfg's say, unless the file's size fits only the other reading.
 *
 * <p>A darknet convolution without BatchNorm (the Extraction network's) has a bias; jyolo's
 * convolution units have BatchNorm instead, so the bias becomes BatchNorm's shift and the
 * normalisation is made the identity (scale 1, running mean 0, running variance {@code 1 - eps}).
 *
 * <p>BatchNorm compatibility: darknet normalises with {@code (x - mean) / (sqrt(var) + 1e-6)} (its
 * CPU code and its own GPU kernels; only its cuDNN training path uses {@code sqrt(var + 1e-5)}),
 * jyolo's BatchNorm (DJL's default) with {@code (x - mean) / sqrt(var + 1e-5)}. So that the loaded
 * network computes what darknet computes, each running variance {@code v} is stored as
 * {@code (sqrt(v) + 1e-6)^2 - 1e-5} (0 for the variances below about 1e-5 where that turns
 * negative). The running averages move by 0.1 of the batch statistics in DJL and in darknet's CPU
 * path, 0.01 in its GPU path; that only matters when training continues.
 */
public final class DarknetWeights {

    /** DJL's BatchNorm epsilon, which the YOLO networks keep. */
    static final float BATCH_NORM_EPSILON = 1e-5f;
    /** What darknet adds to the standard deviation. */
    static final double DARKNET_STD_EPSILON = 1e-6;

    private DarknetWeights() {
    }

    /**
     * Loads {@code file} into {@code network} (initialised), read as the darknet network
     * {@link DarknetBackbone#forFile} picks for the network and the file's size.
     */
    public static DarknetLoad load(Path file, YoloNetwork network) {
        ByteBuffer bytes = MappedFiles.map(file, "darknet weights");
        DarknetHeader header = DarknetHeader.read(bytes, file.toString());
        long floats = bytes.remaining() / Float.BYTES;
        return load(file, DarknetBackbone.forFile(network.config().architecture(), floats), network);
    }

    /** Loads {@code file} read as {@code backbone} into {@code network} (initialised). */
    public static DarknetLoad load(Path file, DarknetBackbone backbone, YoloNetwork network) {
        String name = file.toString();
        List<BackboneConvolutions.Unit> units = BackboneConvolutions.of(network);
        checkShapes(name, backbone, backbone.convolutions(), units);
        ByteBuffer bytes = MappedFiles.map(file, "darknet weights");
        DarknetHeader header = DarknetHeader.read(bytes, name);
        if (bytes.remaining() % Float.BYTES != 0) {
            throw new WeightsFormatException(name + ": " + bytes.remaining() + " bytes after the header are not"
                    + " whole float32 values");
        }
        long floats = bytes.remaining() / Float.BYTES;
        List<DarknetConv> convs = reading(backbone, floats);
        FloatBuffer data = bytes.asFloatBuffer();
        List<String> loaded = new ArrayList<>();
        for (int i = 0; i < convs.size(); i++) {
            fill(units.get(i), convs.get(i), new Reader(data, name, i + 1, convs.get(i)));
            loaded.add(units.get(i).name());
        }
        return new DarknetLoad(name, header, backbone, convs.get(0).batchNorm(), loaded, data.remaining());
    }

    private static void checkShapes(String file, DarknetBackbone backbone, List<DarknetConv> convs,
            List<BackboneConvolutions.Unit> units) {
        for (int i = 0; i < convs.size(); i++) {
            DarknetConv conv = convs.get(i);
            if (i >= units.size()) {
                throw new WeightsFormatException(file + ": " + backbone.cliName() + " convolution " + (i + 1) + " ("
                        + conv.shapeText() + ") has no counterpart: the network has " + units.size()
                        + " backbone convolutions");
            }
            BackboneConvolutions.Unit unit = units.get(i);
            Shape expected = new Shape(conv.filters(), conv.channels(), conv.size(), conv.size());
            if (!unit.kernelShape().equals(expected)) {
                throw new WeightsFormatException(file + ": " + backbone.cliName() + " convolution " + (i + 1)
                        + " is " + conv.shapeText() + " but the network's " + unit.name() + " is "
                        + unit.kernelText());
            }
        }
    }

    /**
     * The convolutions as the file holds them. A {@code .weights} file does not say whether its
     * convolutions have BatchNorm (the cfg does), and read the wrong way it loads garbage without
     * running out; so when its size fits the other reading exactly, and not the backbone's own, it
     * is read the other way (the result says so).
     */
    private static List<DarknetConv> reading(DarknetBackbone backbone, long floats) {
        List<DarknetConv> flipped = backbone.convolutions().stream().map(DarknetConv::flipBatchNorm).toList();
        long flippedFloats = flipped.stream().mapToLong(DarknetConv::floats).sum();
        return floats != backbone.floats() && floats == flippedFloats ? flipped : backbone.convolutions();
    }

    /** Darknet's running variances as the variances that make DJL's BatchNorm divide by the same number. */
    static float[] jyoloVariances(float[] darknet) {
        float[] variances = new float[darknet.length];
        for (int i = 0; i < darknet.length; i++) {
            double std = Math.sqrt(Math.max(0f, darknet[i])) + DARKNET_STD_EPSILON;
            variances[i] = (float) Math.max(0, std * std - BATCH_NORM_EPSILON);
        }
        return variances;
    }

    private static void fill(BackboneConvolutions.Unit unit, DarknetConv conv, Reader reader) {
        float[] biases = reader.next(conv.filters(), "biases");
        ParameterValues.set(unit.beta(), biases);
        if (conv.batchNorm()) {
            ParameterValues.set(unit.gamma(), reader.next(conv.filters(), "scales"));
            ParameterValues.set(unit.mean(), reader.next(conv.filters(), "running means"));
            ParameterValues.set(unit.variance(), jyoloVariances(reader.next(conv.filters(), "running variances")));
        } else {
            ParameterValues.fill(unit.gamma(), 1f);
            ParameterValues.fill(unit.mean(), 0f);
            ParameterValues.fill(unit.variance(), 1f - BATCH_NORM_EPSILON);
        }
        ParameterValues.set(unit.kernel(), reader.next(conv.kernelFloats(), "kernels"));
    }

    /** Reads one convolution's arrays and says where the file ran out. */
    private record Reader(FloatBuffer data, String file, int index, DarknetConv conv) {

        float[] next(long count, String what) {
            if (data.remaining() < count) {
                throw new WeightsFormatException(file + ": ends in convolution " + index + " (" + conv.shapeText()
                        + "): its " + what + " need " + count + " floats, " + data.remaining() + " left");
            }
            float[] values = new float[Math.toIntExact(count)];
            data.get(values);
            return values;
        }
    }
}
