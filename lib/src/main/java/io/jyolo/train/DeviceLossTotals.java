package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.jyolo.engine.HostReads;
import io.jyolo.loss.LossParts;
import io.jyolo.loss.LossResult;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link LossTotals} of an epoch while it trains, summed on the device: each step adds its loss
 * parts without reading them, and {@link #read} copies the sums to the host once (one
 * {@link HostReads host read}) when the progress line or a checkpoint needs them.
 *
 * <p>The sums also serve as the divergence flag: every loss part is a sum of squares or of
 * cross-entropies, so it is never negative, and once a step adds a NaN or an infinity the sum stays
 * NaN or infinite for the rest of the epoch. {@link LossTotals#finite()} on what {@link #read} returns
 * therefore says whether every step added since the epoch began had a finite loss, at no cost per step.
 *
 * <p>The arrays live in a sub-manager of the training manager that is closed with this object (at
 * the end of the epoch); a step's temporaries stay in the step's own sub-manager: {@link #add} sums
 * in place.
 */
public final class DeviceLossTotals implements AutoCloseable {

    private final NDManager manager;
    private final LossTotals base;
    /** Weighted like {@link LossTotals}: five parts times the batch size, then iouSum and objects. */
    private final NDArray sums;
    /** Per batch size, the weights that turn a batch's mean parts into sums (see {@link LossTotals#plus}). */
    private final Map<Integer, NDArray> weights = new HashMap<>();
    private long images;

    /**
     * @param parent the training manager (the sums are made on its device)
     * @param base   the sums before the first step added here: those a resumed epoch stored, or zero
     */
    public DeviceLossTotals(NDManager parent, LossTotals base) {
        this.manager = parent.newSubManager();
        this.base = base;
        this.sums = manager.zeros(new Shape(LossParts.SIZE), DataType.FLOAT32);
    }

    /** Adds a batch of {@code batchSize} images whose loss is {@code loss}; reads nothing. */
    public void add(LossResult loss, int batchSize) {
        NDArray w = weights.computeIfAbsent(batchSize, n -> manager.create(new float[] {n, n, n, n, n, 1, 1}));
        sums.addi(loss.values().mul(w));
        images += batchSize;
    }

    /** Images added so far, plus those of the base; known on the host, so no read. */
    public long images() {
        return (long) base.images() + images;
    }

    /** The base plus every batch added so far: one host read. */
    public LossTotals read() {
        float[] v = HostReads.floats(sums);
        return base.plus(new LossTotals(v[0], v[1], v[2], v[3], v[4], v[5], v[6], images));
    }

    @Override
    public void close() {
        manager.close();
    }
}
