package io.jyolo.detect;

import io.jyolo.eval.DetectionFiles;
import io.jyolo.predict.Detection;
import io.jyolo.viz.BoxPainter;
import io.jyolo.viz.Displayable;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Detections together with the picture they were found in: what a notebook cell ends with to
 * show the boxes (it is {@link Displayable}: its {@link #image()} is the annotated picture), and
 * what the CLI saves.
 *
 * @param original   the picture the detector was given (not modified)
 * @param detections boxes in {@code original}'s pixels, highest score first
 * @param source     where the picture came from (a file name, a frame number), for display
 */
public record DetectionResult(BufferedImage original, List<Detection> detections, String source)
        implements Displayable {

    public DetectionResult {
        Objects.requireNonNull(original, "original");
        detections = List.copyOf(detections);
        source = source == null ? "image" : source;
    }

    /** A new picture: the original with each detection's box and "class score" label, one colour per class. */
    public BufferedImage annotated() {
        return BoxPainter.drawDetections(original, detections);
    }

    /** The annotated picture (what a notebook shows). */
    @Override
    public BufferedImage image() {
        return annotated();
    }

    /**
     * Writes the annotated picture; the format follows the extension ({@code .png}, {@code .jpg} or
     * {@code .jpeg}, {@code .bmp}). Missing parent folders are created.
     *
     * @return {@code file}
     */
    public Path save(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String format = name.endsWith(".png") ? "png" : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "jpeg"
                : name.endsWith(".bmp") ? "bmp" : null;
        if (format == null) {
            throw new IllegalArgumentException(file + ": unknown image format; use .png, .jpg or .bmp");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(annotated(), format, file.toFile())) {
            throw new IOException(file + ": no ImageIO writer for " + format);
        }
        return file;
    }

    /** Writes the detections as a text file, one {@code class score xmin ymin xmax ymax} line each ({@link DetectionFiles}). */
    public Path saveDetections(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        DetectionFiles.writeFile(file, detections);
        return file;
    }

    @Override
    public String toString() {
        String list = detections.stream()
                .map(d -> String.format(Locale.ROOT, "%s %.2f", d.className(), d.score()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s (%dx%d): %d detection%s%s", source, original.getWidth(),
                original.getHeight(), detections.size(), detections.size() == 1 ? "" : "s",
                list.isEmpty() ? "" : ": " + list);
    }
}
