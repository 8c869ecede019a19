package io.jyolo.bench;

import io.jyolo.train.TrainingStep;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds up the seconds of each {@link TrainingStep.Phase} over many steps, from the step's own
 * {@link TrainingStep.PhaseListener} calls: the per-phase columns of the report (where a slow step
 * spends its time), named as the PyTorch reference names them.
 */
final class PhaseClock implements TrainingStep.PhaseListener {

    private final Map<TrainingStep.Phase, Double> seconds = new EnumMap<>(TrainingStep.Phase.class);
    private long last;

    /** Call right before the step starts. */
    void start() {
        last = System.nanoTime();
    }

    @Override
    public void phaseEnded(TrainingStep.Phase phase) {
        long now = System.nanoTime();
        seconds.merge(phase, (now - last) / 1e9, Double::sum);
        last = now;
    }

    /** Seconds so far per phase: {@code input_s}, {@code forward_s}, {@code loss_s}, {@code backward_s}, {@code optimizer_s}. */
    Map<String, Object> counters() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (TrainingStep.Phase p : TrainingStep.Phase.values()) {
            String name = p == TrainingStep.Phase.UPDATE ? "optimizer" : p.name().toLowerCase(java.util.Locale.ROOT);
            out.put(name + "_s", seconds.getOrDefault(p, 0.0));
        }
        return out;
    }
}
