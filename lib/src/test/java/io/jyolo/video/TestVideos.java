package io.jyolo.video;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Shared clips and small generated videos for the video tests. */
final class TestVideos {

    static final String PEOPLE = "people-walking.mp4";
    static final String CARS = "cars-top-down.mp4";

    private TestVideos() {
    }

    /** A clip from /work/shared/video, or the test is skipped with a printed reason. */
    static Path sharedClip(String name) {
        String prop = System.getProperty("jyolo.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        Path clip = shared.resolve("video").resolve(name);
        if (!Files.isRegularFile(clip)) {
            System.out.println("SKIP: shared clip " + clip.toAbsolutePath() + " not found");
        }
        assumeTrue(Files.isRegularFile(clip), "shared clip " + clip + " not found");
        return clip;
    }

    /** Brightness of the index block of frame {@code index} in generated clips. */
    static int marker(long index) {
        return (int) (10 + 8 * (index % 30));
    }

    /** A generated frame: grey background, an index-coded block at the top left, a moving red square. */
    static BufferedImage frame(int w, int h, int index) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(60, 60, 60));
        g.fillRect(0, 0, w, h);
        int m = marker(index);
        g.setColor(new Color(m, m, m));
        g.fillRect(0, 0, 48, 48);
        g.setColor(Color.RED);
        g.fillRect(56 + (index * 3) % Math.max(1, w - 96), h / 2 - 16, 32, 32);
        g.dispose();
        return img;
    }

    /** Mean brightness of the index block of a decoded frame. */
    static double markerOf(BufferedImage img) {
        long sum = 0;
        int n = 0;
        for (int y = 8; y < 40; y++) {
            for (int x = 8; x < 40; x++) {
                int rgb = img.getRGB(x, y);
                sum += ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
                n += 3;
            }
        }
        return sum / (double) n;
    }

    /** Writes a clip of generated frames with the given container and codec straight through JavaCV. */
    static Path generate(Path file, String format, int codecId, int frames, int w, int h, double fps) throws Exception {
        Ffmpeg.init();
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toString(), w, h, 0);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            r.setFormat(format);
            r.setVideoCodec(codecId);
            r.setFrameRate(fps);
            r.setVideoQuality(2);
            r.setPixelFormat(codecId == avcodec.AV_CODEC_ID_MJPEG ? avutil.AV_PIX_FMT_YUVJ420P : avutil.AV_PIX_FMT_YUV420P);
            r.start();
            for (int i = 0; i < frames; i++) {
                r.record(conv.convert(frame(w, h, i)), avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        return file;
    }

    /** A 30-frame 160x120 MJPEG AVI at 10 fps (each frame a separate JPEG, easy to damage one). */
    static Path mjpegAvi(Path dir, String name) throws Exception {
        return generate(dir.resolve(name), "avi", avcodec.AV_CODEC_ID_MJPEG, 30, 160, 120, 10);
    }

    /** Offset of the n-th (0-based) JPEG start-of-image in {@code bytes}, -1 if absent. */
    static int nthJpegStart(byte[] bytes, int n) {
        int seen = 0;
        for (int i = 0; i + 2 < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xD8 && (bytes[i + 2] & 0xFF) == 0xFF) {
                if (seen++ == n) {
                    return i;
                }
            }
        }
        return -1;
    }
}
