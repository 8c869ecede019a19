package io.jyolo.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpenCvTest {

    @Test
    void openCvRunsOnTheCallingThreadUnlessConfigured() {
        String set = System.getProperty("jyolo.opencv.threads");
        String env = System.getenv("JYOLO_OPENCV_THREADS");
        OpenCv.load();
        int expected = set != null ? Integer.parseInt(set) : env != null ? Integer.parseInt(env) : 1;
        // OpenCV's own default is one thread per core; the loader's workers are the parallelism instead
        assertEquals(expected, org.opencv.core.Core.getNumThreads());
    }

    @Test
    void badThreadSettingsAreOneLine() {
        String before = System.getProperty("jyolo.opencv.threads");
        try {
            System.setProperty("jyolo.opencv.threads", "3");
            assertEquals(3, OpenCv.threads());
            for (String bad : new String[] {"0", "two", "-1"}) {
                System.setProperty("jyolo.opencv.threads", bad);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, OpenCv::threads);
                assertTrue(e.getMessage().contains("'" + bad + "'") && !e.getMessage().contains("\n"), e.getMessage());
            }
        } finally {
            if (before == null) {
                System.clearProperty("jyolo.opencv.threads");
            } else {
                System.setProperty("jyolo.opencv.threads", before);
            }
        }
    }
}
