package io.jyolo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jyolo.model.OutputLayout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected cells and offsets computed by hand: S = 7 on a 448 input, so one cell is 64 px. */
class TargetEncoderTest {

    private static final OutputLayout LAYOUT = new OutputLayout(7, 2, 3); // 9 target channels
    private static final float EPS = 1e-6f;

    private static float[] cell(float[] t, int row, int col) {
        int ch = LAYOUT.targetChannels();
        int base = (row * 7 + col) * ch;
        return Arrays.copyOfRange(t, base, base + ch);
    }

    private static int occupied(float[] t) {
        int n = 0;
        for (int c = 0; c < 49; c++) {
            n += t[c * 9 + OutputLayout.TARGET_OBJECT] == 1f ? 1 : 0;
        }
        return n;
    }

    @Test
    void centreCellOffsetsAndSizes() {
        TargetEncoder enc = new TargetEncoder(LAYOUT, 448, false);
        float[] t = new float[enc.floatsPerImage()];
        assertEquals(7 * 7 * 9, t.length);
        TargetEncoder.Stats stats = enc.encode(List.of(
                // centre (150, 100): column 150/64 = 2.34375, row 100/64 = 1.5625
                new InputBox(1, new Box(100, 50, 200, 150), false),
                // centre (64, 64) exactly on a border: belongs to cell (1, 1) with offset 0
                new InputBox(2, new Box(0, 0, 128, 128), false),
                // centre (424, 434): column 6.625, row 6.78125, the last cell
                new InputBox(0, new Box(400, 420, 448, 448), false)), t, 0);
        assertEquals(new TargetEncoder.Stats(3, 0, 0), stats);
        assertEquals(3, occupied(t));
        assertArrayEquals(new float[] {0.34375f, 0.5625f, 100 / 448f, 100 / 448f, 1, 0, 1, 0, 0}, cell(t, 1, 2), EPS);
        assertArrayEquals(new float[] {0f, 0f, 128 / 448f, 128 / 448f, 1, 0, 0, 1, 0}, cell(t, 1, 1), EPS);
        assertArrayEquals(new float[] {0.625f, 0.78125f, 48 / 448f, 28 / 448f, 1, 1, 0, 0, 0}, cell(t, 6, 6), EPS);
    }

    @Test
    void twoObjectsInOneCellKeepTheLargerAndCountTheOther() {
        TargetEncoder enc = new TargetEncoder(LAYOUT, 448, false);
        float[] t = new float[enc.floatsPerImage()];
        TargetEncoder.Stats stats = enc.encode(List.of(
                new InputBox(0, new Box(130, 80, 170, 120), false), // centre (150,100), area 1600
                new InputBox(1, new Box(100, 50, 200, 150), false), // same centre, area 10000: wins
                new InputBox(2, new Box(140, 70, 160, 110), false)), t, 0); // same cell, smaller
        assertEquals(new TargetEncoder.Stats(1, 2, 0), stats);
        assertEquals(1, occupied(t));
        float[] c = cell(t, 1, 2);
        assertEquals(1f, c[OutputLayout.TARGET_CLASS + 1]);
        assertEquals(100 / 448f, c[2], EPS);
    }

    @Test
    void tiesGoToTheEarlierObject() {
        TargetEncoder enc = new TargetEncoder(LAYOUT, 448, false);
        float[] t = new float[enc.floatsPerImage()];
        enc.encode(List.of(
                new InputBox(2, new Box(10, 10, 30, 30), false),
                new InputBox(0, new Box(20, 20, 40, 40), false)), t, 0);
        float[] c = cell(t, 0, 0);
        assertEquals(1f, c[OutputLayout.TARGET_CLASS + 2]);
        assertEquals(0f, c[OutputLayout.TARGET_CLASS]);
        assertEquals(20 * 7 / 448f, c[0], EPS); // centre 20 -> 0.3125
    }

    @Test
    void difficultObjectsAreLeftOutByDefaultOrFlagged() {
        List<InputBox> boxes = List.of(
                new InputBox(0, new Box(300, 300, 340, 340), true),  // centre (320,320): cell (5,5), offset 0
                new InputBox(1, new Box(100, 50, 200, 150), true),   // cell (1,2), difficult, large
                new InputBox(2, new Box(140, 90, 160, 110), false)); // cell (1,2), not difficult, small
        TargetEncoder plain = new TargetEncoder(LAYOUT, 448, false);
        float[] t = plain.encode(boxes);
        assertEquals(1, occupied(t));
        assertEquals(0f, cell(t, 5, 5)[OutputLayout.TARGET_OBJECT]);
        assertEquals(1f, cell(t, 1, 2)[OutputLayout.TARGET_CLASS + 2]);

        TargetEncoder flagged = new TargetEncoder(LAYOUT, 448, true);
        float[] f = new float[flagged.floatsPerImage()];
        TargetEncoder.Stats stats = flagged.encode(boxes, f, 0);
        assertEquals(new TargetEncoder.Stats(2, 1, 0), stats);
        assertArrayEquals(new float[] {0f, 0f, 40 / 448f, 40 / 448f, 1, 1, 0, 0, 1}, cell(f, 5, 5), EPS);
        // a real object beats a difficult one in the same cell, whatever their sizes
        float[] c = cell(f, 1, 2);
        assertEquals(1f, c[OutputLayout.TARGET_CLASS + 2]);
        assertEquals(0f, c[LAYOUT.targetDifficultIndex()]);
        assertEquals(new TargetEncoder.Stats(1, 0, 2), plain.encode(boxes, new float[441], 0));
    }

    @Test
    void writesAtAnOffsetAndClearsOldContent() {
        TargetEncoder enc = new TargetEncoder(LAYOUT, 448, false);
        int n = enc.floatsPerImage();
        float[] batch = new float[3 * n];
        Arrays.fill(batch, 7f);
        enc.encode(List.of(), batch, n);
        for (int i = 0; i < 3 * n; i++) {
            assertEquals(i >= n && i < 2 * n ? 0f : 7f, batch[i], "index " + i);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> enc.encode(List.of(), batch, 2 * n + 1));
        assertThrows(IllegalArgumentException.class,
                () -> enc.encode(List.of(new InputBox(3, new Box(1, 1, 2, 2), false))));
    }

    @Test
    void otherInputSizesScaleTheSameWay() {
        TargetEncoder enc = new TargetEncoder(new OutputLayout(4, 1, 1), 100, false); // 25 px cells
        float[] t = enc.encode(List.of(new InputBox(0, new Box(60, 10, 80, 30), false))); // centre (70, 20)
        int base = (0 * 4 + 2) * 7; // row 0, column 2 (70/25 = 2.8)
        assertArrayEquals(new float[] {0.8f, 0.8f, 0.2f, 0.2f, 1, 1, 0}, Arrays.copyOfRange(t, base, base + 7), EPS);
    }
}
