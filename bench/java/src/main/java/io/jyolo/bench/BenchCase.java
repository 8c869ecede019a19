package io.jyolo.bench;

import java.util.Map;

/**
 * One benchmark workload run by {@link BenchWorker}: built once (model, data, warm-up are not
 * timed), then {@link #step()} is timed iteration by iteration.
 */
interface BenchCase extends AutoCloseable {

    /** One timed iteration (a training step, an inference batch, a pass over a dataset, a matmul). */
    void step() throws Exception;

    /** Untimed warm-up before the first timed iteration; by default {@code iterations} calls of {@link #step()}. */
    default void warmUp(int iterations) throws Exception {
        for (int i = 0; i < iterations; i++) {
            step();
        }
    }

    /** Facts about the set-up (parameter counts, FLOPs, dataset size), reported once. */
    Map<String, Object> info();

    /** Counters reported after every batch of iterations (images seen, last loss, ...). */
    default Map<String, Object> counters() {
        return Map.of();
    }

    @Override
    default void close() throws Exception {
    }
}
