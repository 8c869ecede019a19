package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PreprocessTest {

    @Test
    void rgbChwScaledToMinusOneOne() {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF0000);
        img.setRGB(1, 0, 0x00FF00);
        img.setRGB(2, 0, 0x0000FF);
        img.setRGB(3, 3, 0x336699);
        float[] x = Preprocess.toInput(img, 4, ResizeMode.STRETCH);
        assertEquals(3 * 16, x.length);
        int plane = 16;
        // red pixel: R plane first
        assertEquals(1f, x[0]);
        assertEquals(-1f, x[plane]);
        assertEquals(-1f, x[2 * plane]);
        // green at (1, 0), blue at (2, 0)
        assertEquals(1f, x[plane + 1]);
        assertEquals(1f, x[2 * plane + 2]);
        assertEquals(-1f, x[1]);
        // (3, 3) = index 15: 0x33, 0x66, 0x99
        assertEquals(0x33 / 255f * 2 - 1, x[15], 1e-7f);
        assertEquals(0x66 / 255f * 2 - 1, x[plane + 15], 1e-7f);
        assertEquals(0x99 / 255f * 2 - 1, x[2 * plane + 15], 1e-7f);
        assertEquals(-1f, x[5]); // black
    }

    @Test
    void letterboxPadsWithGreyThatIsAboutZero() {
        BufferedImage wide = Fixtures.plain(200, 100, Color.WHITE);
        Resize r = Preprocess.geometry(wide, 64, ResizeMode.LETTERBOX);
        assertEquals(16f, r.padY());
        float[] x = Preprocess.toInput(wide, 64, ResizeMode.LETTERBOX);
        float pad = Preprocess.normalise(128);
        assertEquals(0.0039f, pad, 1e-4f);
        assertEquals(pad, x[5 * 64 + 10]);           // top padding, R plane
        assertEquals(pad, x[2 * 4096 + 60 * 64 + 3]); // bottom padding, B plane
        assertEquals(1f, x[32 * 64 + 32]);           // image centre is white
        float[] stretch = Preprocess.toInput(wide, 64, ResizeMode.STRETCH);
        assertEquals(1f, stretch[5 * 64 + 10]);
    }

    @Test
    void writesAtAnOffsetSoBatchesNeedNoCopies() {
        BufferedImage a = Fixtures.plain(30, 20, Color.RED);
        BufferedImage b = Fixtures.plain(50, 70, Color.BLUE);
        int n = Preprocess.floatsPerImage(16);
        float[] batch = new float[2 * n];
        Preprocess.toInput(a, Preprocess.geometry(a, 16, ResizeMode.STRETCH), batch, 0);
        Resize rb = Preprocess.toInput(b, Preprocess.geometry(b, 16, ResizeMode.STRETCH), batch, n);
        assertEquals(50, rb.srcWidth());
        assertArrayEquals(Preprocess.toInput(a, 16, ResizeMode.STRETCH), Arrays.copyOfRange(batch, 0, n));
        assertArrayEquals(Preprocess.toInput(b, 16, ResizeMode.STRETCH), Arrays.copyOfRange(batch, n, 2 * n));
        FloatBuffer buf = FloatBuffer.allocate(2 * n);
        Preprocess.toInput(a, Preprocess.geometry(a, 16, ResizeMode.STRETCH), buf);
        Preprocess.toInput(b, Preprocess.geometry(b, 16, ResizeMode.STRETCH), buf);
        assertArrayEquals(batch, buf.array());
        assertThrows(IndexOutOfBoundsException.class,
                () -> Preprocess.toInput(a, Preprocess.geometry(a, 16, ResizeMode.STRETCH), batch, n + 1));
    }
}
