package io.jyolo.tensorboard;

import com.google.protobuf.ByteString;
import io.jyolo.tensorboard.proto.DataType;
import io.jyolo.tensorboard.proto.Summary;
import io.jyolo.tensorboard.proto.SummaryMetadata;
import io.jyolo.tensorboard.proto.TensorProto;
import io.jyolo.tensorboard.proto.TensorShapeProto;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * Builds the summary values TensorBoard's dashboards understand, in the forms TensorFlow 1
 * writes them: {@code simple_value} scalars, {@code histo} histograms, PNG {@code image}s, and
 * text as a string tensor tagged for the {@code text} plugin.
 */
public final class Summaries {

    /** Plugin name TensorBoard routes text summaries by. */
    public static final String TEXT_PLUGIN = "text";

    private Summaries() {
    }

    /** A scalar; TensorBoard stores it as a 32-bit float. */
    public static Summary.Value scalar(String tag, float value) {
        return Summary.Value.newBuilder().setTag(checkTag(tag)).setSimpleValue(value).build();
    }

    /** A histogram. */
    public static Summary.Value histogram(String tag, Histogram histogram) {
        return Summary.Value.newBuilder().setTag(checkTag(tag)).setHisto(histogram.toProto()).build();
    }

    /** An image, PNG-encoded (lossless). */
    public static Summary.Value image(String tag, BufferedImage image) {
        return Summary.Value.newBuilder().setTag(checkTag(tag)).setImage(Summary.Image.newBuilder()
                .setWidth(image.getWidth()).setHeight(image.getHeight()).setColorspace(colorspace(image))
                .setEncodedImageString(ByteString.copyFrom(png(image)))).build();
    }

    /** A text (TensorBoard renders it as Markdown). */
    public static Summary.Value text(String tag, String text) {
        TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .setTensorShape(TensorShapeProto.getDefaultInstance())
                .addStringVal(ByteString.copyFrom(text, StandardCharsets.UTF_8)).build();
        SummaryMetadata metadata = SummaryMetadata.newBuilder()
                .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName(TEXT_PLUGIN)).build();
        return Summary.Value.newBuilder().setTag(checkTag(tag)).setMetadata(metadata).setTensor(tensor).build();
    }

    /** PNG bytes of an image. */
    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", out)) {
                BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(),
                        image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
                copy.createGraphics().drawImage(image, 0, 0, null);
                out.reset();
                if (!ImageIO.write(copy, "png", out)) {
                    throw new IllegalStateException("no PNG encoder available in this JVM");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
    }

    private static int colorspace(BufferedImage image) {
        boolean alpha = image.getColorModel().hasAlpha();
        boolean grey = image.getColorModel().getNumColorComponents() == 1;
        if (grey) {
            return alpha ? 2 : 1;
        }
        return alpha ? 4 : 3;
    }

    private static String checkTag(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new IllegalArgumentException("summary tag must not be blank");
        }
        return tag;
    }
}
