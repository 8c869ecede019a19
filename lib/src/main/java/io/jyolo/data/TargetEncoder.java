package io.jyolo.data;

import io.jyolo.model.OutputLayout;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the boxes of one image (in network-input pixels) into the YOLO v1 training target.
 *
 * <p>Layout (see {@link OutputLayout}): {@code S x S x targetChannels} floats, row {@code i}
 * (top to bottom), column {@code j}, then per cell {@code x, y} (box centre offset inside the cell,
 * 0..1), {@code w, h} (box size as a fraction of the input), objectness, the one-hot class,
 * and the difficult flag. The responsible cell is the one containing the box centre:
 * {@code j = floor(cx * S / size)}, {@code i = floor(cy * S / size)} (clamped to 0..S-1), so a
 * centre exactly on a cell border belongs to the cell right of / below it.
 *
 * <p>A cell holds one object. When several centres fall in one cell the kept one is, in order:
 * a non-difficult object over a difficult one, then the larger box area, then the earlier one
 * in the list (file order); every other is dropped and counted as a collision (the PyTorch
 * original dropped them silently). Difficult objects are left out entirely by default; with
 * {@code includeDifficult} they are encoded like any other object with the difficult flag set,
 * so the loss can ignore those cells rather than teach "background" there.
 */
public final class TargetEncoder {

    private final OutputLayout layout;
    private final int inputSize;
    private final boolean includeDifficult;

    public TargetEncoder(OutputLayout layout, int inputSize, boolean includeDifficult) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + inputSize);
        }
        this.layout = layout;
        this.inputSize = inputSize;
        this.includeDifficult = includeDifficult;
    }

    /** What encoding one image did. */
    public record Stats(int encoded, int collisions, int difficultExcluded) {
    }

    public OutputLayout layout() {
        return layout;
    }

    public int inputSize() {
        return inputSize;
    }

    public boolean includeDifficult() {
        return includeDifficult;
    }

    /** Floats per image: {@code S * S * targetChannels}. */
    public int floatsPerImage() {
        int s = layout.gridSize();
        return s * s * layout.targetChannels();
    }

    /** Encodes into a new array. */
    public float[] encode(List<InputBox> boxes) {
        float[] out = new float[floatsPerImage()];
        encode(boxes, out, 0);
        return out;
    }

    /** Zeroes {@code floatsPerImage()} floats of {@code dst} at {@code offset} and writes the target there. */
    public Stats encode(List<InputBox> boxes, float[] dst, int offset) {
        int s = layout.gridSize();
        int t = layout.targetChannels();
        int n = floatsPerImage();
        if (offset < 0 || offset + n > dst.length) {
            throw new IndexOutOfBoundsException("cannot write " + n + " floats at " + offset + " into " + dst.length);
        }
        Arrays.fill(dst, offset, offset + n, 0f);
        InputBox[] winner = new InputBox[s * s];
        int collisions = 0;
        int difficultExcluded = 0;
        int considered = 0;
        for (InputBox b : boxes) {
            if (b.classIndex() < 0 || b.classIndex() >= layout.classes()) {
                throw new IllegalArgumentException("class index " + b.classIndex() + " outside 0.." + (layout.classes() - 1));
            }
            if (b.difficult() && !includeDifficult) {
                difficultExcluded++;
                continue;
            }
            considered++;
            int cell = cellRow(b.box()) * s + cellColumn(b.box());
            InputBox current = winner[cell];
            if (current == null) {
                winner[cell] = b;
            } else {
                collisions++;
                if (beats(b, current)) {
                    winner[cell] = b;
                }
            }
        }
        for (int cell = 0; cell < winner.length; cell++) {
            InputBox b = winner[cell];
            if (b == null) {
                continue;
            }
            int base = offset + cell * t;
            int row = cell / s;
            int col = cell % s;
            dst[base] = b.box().centreX() * s / inputSize - col;
            dst[base + 1] = b.box().centreY() * s / inputSize - row;
            dst[base + 2] = b.box().width() / inputSize;
            dst[base + 3] = b.box().height() / inputSize;
            dst[base + OutputLayout.TARGET_OBJECT] = 1f;
            dst[base + OutputLayout.TARGET_CLASS + b.classIndex()] = 1f;
            dst[base + layout.targetDifficultIndex()] = b.difficult() ? 1f : 0f;
        }
        return new Stats(considered - collisions, collisions, difficultExcluded);
    }

    /** Grid column of the box centre. */
    public int cellColumn(Box b) {
        return cell(b.centreX());
    }

    /** Grid row of the box centre. */
    public int cellRow(Box b) {
        return cell(b.centreY());
    }

    private int cell(float centre) {
        int s = layout.gridSize();
        int c = (int) Math.floor(centre * s / inputSize);
        return Math.max(0, Math.min(s - 1, c));
    }

    /** Strictly better than the current holder (earlier boxes win ties, so file order decides). */
    private static boolean beats(InputBox challenger, InputBox holder) {
        if (challenger.difficult() != holder.difficult()) {
            return !challenger.difficult();
        }
        return challenger.box().area() > holder.box().area();
    }
}
