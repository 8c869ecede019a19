package io.jyolo.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.jyolo.engine.Engines;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdArrayLoggingTest {

    @TempDir
    Path dir;

    @Test
    void tensorsAreLoggedAsHistogramsAndImages() throws Exception {
        Engines.get();
        float[] values = {-1f, 0f, 0.5f, 0.5f, 2f, 7f};
        // a 2 x 3 RGB picture: red, green, blue / white, black, grey
        float[] hwc = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0.5f, 0.5f, 0.5f};
        try (NDManager manager = NDManager.newBaseManager(); SummaryWriter w = SummaryWriter.open(dir)) {
            try (NDManager sub = manager.newSubManager()) {
                NDArray weights = sub.create(values, new Shape(2, 3));
                w.histogram("w", 1, weights);
                w.histogram("w64", 1, weights.toType(DataType.FLOAT64, true));
                NDArray imageHwc = sub.create(hwc, new Shape(2, 3, 3));
                w.image("hwc", 1, imageHwc);
                w.image("chw", 1, imageHwc.transpose(2, 0, 1));
                w.image("uint8", 1, imageHwc.mul(255).toType(DataType.UINT8, true), ImageLayout.HWC);
                w.image("grey", 1, sub.create(new float[] {0, 0.25f, 1, 2}, new Shape(2, 2)));
                assertThrows(IllegalArgumentException.class, () -> w.image("bad", 1, sub.ones(new Shape(5, 6, 7))));
            }
        }
        EventLog log = EventLog.read(dir);
        assertEquals(Histogram.of(values), log.histograms("w").get(0).histogram());
        assertEquals(Histogram.of(values), log.histograms("w64").get(0).histogram());
        int[] expected = {0xff0000, 0x00ff00, 0x0000ff, 0xffffff, 0x000000, 0x808080};
        for (String tag : new String[] {"hwc", "chw", "uint8"}) {
            BufferedImage image = log.images(tag).get(0).decode();
            assertEquals(3, image.getWidth(), tag);
            assertEquals(2, image.getHeight(), tag);
            int[] actual = new int[6];
            for (int i = 0; i < 6; i++) {
                actual[i] = image.getRGB(i % 3, i / 3) & 0xffffff;
            }
            if (tag.equals("uint8")) {
                expected[5] = 0x7f7f7f; // 0.5 * 255 = 127.5 truncated by the integer cast
            }
            assertArrayEquals(expected, actual, tag);
        }
        BufferedImage grey = log.images("grey").get(0).decode();
        assertEquals(64, grey.getRaster().getSample(1, 0, 0));
        assertEquals(255, grey.getRaster().getSample(1, 1, 0)); // 2.0 clamped
    }
}
