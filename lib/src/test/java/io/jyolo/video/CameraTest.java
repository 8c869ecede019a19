package io.jyolo.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Camera specs and the messages when there is no camera (as on the build machine). */
class CameraTest {

    @Test
    void specsNameCameras() {
        assertEquals(Optional.of("/dev/video0"), FrameSources.cameraDevice("camera:0"));
        assertEquals(Optional.of("/dev/video0"), FrameSources.cameraDevice("camera"));
        assertEquals(Optional.of("/dev/video12"), FrameSources.cameraDevice(" camera:12 "));
        assertEquals(Optional.of("/dev/video2"), FrameSources.cameraDevice("/dev/video2"));
        assertEquals(Optional.of("/dev/v4l/by-id/usb-cam"), FrameSources.cameraDevice("camera:/dev/v4l/by-id/usb-cam"));
        assertEquals(Optional.empty(), FrameSources.cameraDevice("clips/camera0.mp4"));
        assertEquals(Optional.empty(), FrameSources.cameraDevice("/dev/video0.mp4"));
    }

    @Test
    void missingCameraGivesOneClearLine() {
        assumeFalse(Files.exists(Path.of("/dev/video0")), "a camera exists at /dev/video0");
        for (String spec : new String[] {"camera:0", "/dev/video0", "camera"}) {
            VideoException e = assertThrows(VideoException.class,
                    () -> FrameSources.open(spec, FrameSourceOptions.builder().maxFrames(10).build()));
            System.out.println(spec + " -> " + e.getMessage());
            assertEquals("no camera at /dev/video0: device does not exist", e.getMessage());
            assertEquals("/dev/video0", e.source());
        }
    }

    @Test
    void aFileThatIsNotACameraGivesOneClearLine() throws Exception {
        Path clip = TestVideos.sharedClip(TestVideos.CARS);
        VideoException e = assertThrows(VideoException.class, () -> FrameSources.open("camera:" + clip));
        assertEquals("no camera at " + clip + ": not a video4linux device", e.getMessage());
    }

    @Test
    void aDeviceThatIsNotACameraGivesOneClearLine() {
        assumeTrue(Files.exists(Path.of("/dev/null")), "no /dev/null");
        VideoException e = assertThrows(VideoException.class, () -> FrameSources.open("camera:/dev/null"));
        System.out.println("camera:/dev/null -> " + e.getMessage());
        assertEquals("no camera at /dev/null: not a video4linux device", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
