package io.jyolo.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not usable videos fail at open with one line naming the file and the problem. */
class BadVideoInputTest {

    @TempDir
    Path tmp;

    @Test
    void missingFile() {
        expectError(tmp.resolve("nope.mp4"), "file does not exist");
    }

    @Test
    void directory() {
        expectError(tmp, "is a directory");
    }

    @Test
    void emptyMp4() throws Exception {
        expectError(Files.write(tmp.resolve("empty.mp4"), new byte[0]), "file is empty");
    }

    @Test
    void textFileNamedMp4() throws Exception {
        Path f = Files.writeString(tmp.resolve("notes.mp4"), "this is not a video\n".repeat(50));
        expectError(f, "not a video file or an unknown container format");
    }

    @Test
    void truncatedHeaderOnly() throws Exception {
        Path clip = TestVideos.sharedClip(TestVideos.CARS);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(clip), 16);
        expectError(Files.write(tmp.resolve("head.mp4"), head), "cannot open video");
    }

    @Test
    void mp4WithZeroFrames() throws Exception {
        Path f = tmp.resolve("zero.mp4");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(f.toString(), 64, 48, 0)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setFrameRate(10);
            r.start();
            r.stop();
        }
        assertTrue(Files.size(f) > 0, "a valid but empty MP4 was written");
        expectError(f, "no streams");
    }

    @Test
    void aviWithZeroFrames() throws Exception {
        Path f = TestVideos.generate(tmp.resolve("zero.avi"), "avi", avcodec.AV_CODEC_ID_MJPEG, 0, 64, 48, 10);
        assertTrue(Files.size(f) > 0);
        expectError(f, "no decodable video frames");
    }

    @Test
    void unknownCodec() throws Exception {
        Path avi = TestVideos.mjpegAvi(tmp, "mjpeg.avi");
        // Replace the codec's FourCC: the container is intact, the codec is unknown to FFmpeg.
        String s = new String(Files.readAllBytes(avi), StandardCharsets.ISO_8859_1).replace("MJPG", "ZZZZ");
        Path f = Files.write(tmp.resolve("unknown-codec.avi"), s.getBytes(StandardCharsets.ISO_8859_1));
        String message = expectError(f, "unknown video codec");
        assertTrue(message.contains("ZZZZ"), message);
    }

    @Test
    void audioOnlyFile() throws Exception {
        Path f = tmp.resolve("tone.wav");
        AudioFormat format = new AudioFormat(8000, 16, 1, true, false);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(new byte[16000]), format, 8000),
                AudioFileFormat.Type.WAVE, f.toFile());
        String message = expectError(f, "no video stream");
        assertTrue(message.contains("audio pcm_s16le"), message);
    }

    private static String expectError(Path file, String problem) {
        VideoException e = assertThrows(VideoException.class, () -> FrameSources.open(file.toString()).close());
        String message = e.getMessage();
        System.out.println(file.getFileName() + " -> " + message);
        assertTrue(message.contains(file.toString()), "names the file: " + message);
        assertTrue(message.contains(problem), "says '" + problem + "': " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertEquals(file.toString(), e.source());
        return message;
    }
}
