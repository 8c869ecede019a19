package io.jyolo.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Builds small VOC folders and image files for the data tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** The shared data folder from {@code -Djyolo.shared}, else ../shared next to the worktree; skips the test when absent. */
    static Path shared(String dataset) {
        String prop = System.getProperty("jyolo.shared");
        Path base = prop != null ? Path.of(prop)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared").normalize();
        Path dir = base.resolve("data").resolve(dataset);
        if (!Files.isDirectory(dir)) {
            System.out.println("skipping: shared dataset not found at " + dir);
        }
        assumeTrue(Files.isDirectory(dir), "shared dataset not found at " + dir);
        return dir;
    }

    /** An empty VOC layout with the given classes. */
    static Path vocRoot(Path tmp, String... classes) throws IOException {
        Files.createDirectories(tmp.resolve("JPEGImages"));
        Files.createDirectories(tmp.resolve("Annotations"));
        Files.write(tmp.resolve("classes.txt"), List.of(classes), StandardCharsets.UTF_8);
        return tmp;
    }

    /** A plain image of one colour. */
    static BufferedImage plain(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    /** A JPEG image {@code JPEGImages/<name>} of {@code w x h}. */
    static Path jpeg(Path root, String name, int w, int h) throws IOException {
        return write(root.resolve("JPEGImages").resolve(name), encode(plain(w, h, new Color(90, 140, 200)), "jpg"));
    }

    /** An annotation {@code Annotations/<stem>.xml} from raw text. */
    static Path xml(Path root, String stem, String text) throws IOException {
        Path f = root.resolve("Annotations").resolve(stem + ".xml");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    /** VOC XML text with a size element (omitted when width is negative) and objects "name x0 y0 x1 y1 [difficult]". */
    static String annotation(String filename, int width, int height, String... objects) {
        StringBuilder sb = new StringBuilder("<annotation>\n  <folder>JPEGImages</folder>\n");
        sb.append("  <filename>").append(filename).append("</filename>\n");
        if (width >= 0) {
            sb.append("  <size><width>").append(width).append("</width><height>").append(height)
                    .append("</height><depth>3</depth></size>\n");
        }
        for (String o : objects) {
            String[] p = o.split(" ");
            sb.append("  <object><name>").append(p[0]).append("</name><difficult>")
                    .append(p.length > 5 && p[5].equals("difficult") ? 1 : 0).append("</difficult><bndbox>")
                    .append("<xmin>").append(p[1]).append("</xmin><ymin>").append(p[2]).append("</ymin>")
                    .append("<xmax>").append(p[3]).append("</xmax><ymax>").append(p[4]).append("</ymax>")
                    .append("</bndbox></object>\n");
        }
        return sb.append("</annotation>\n").toString();
    }
}
