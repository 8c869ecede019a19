package io.jyolo.run;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Learning rate per epoch: a linear warm-up, then a multi-step schedule with one factor per
 * milestone (the rate is multiplied by {@code factors[i]} once epoch {@code milestones[i]} is
 * reached).
 *
 * <p>The PyTorch original's schedule (milestones 200, 400, 600, 20000, 30000 with factors 2.5, 2, 2,
 * 0.1, 0.1: a warm-up by increases, then decays) crashed PyTorch's MultiStepLR, which takes a
 * single factor; here it is {@link #preset(String, double) preset "original"}. The rate is a pure
 * function of the epoch, so a resumed run needs to store nothing but the epoch.
 *
 * @param base         base learning rate
 * @param warmupEpochs epochs of linear warm-up from {@code base / 10} (0 for none)
 * @param milestones   ascending epochs (1-based: the factor applies from that epoch on)
 * @param factors      one factor per milestone
 */
public record LrSchedule(double base, int warmupEpochs, List<Integer> milestones, List<Double> factors) {

    public LrSchedule {
        if (!(base > 0) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + base);
        }
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warm-up epochs must be >= 0, got " + warmupEpochs);
        }
        milestones = List.copyOf(milestones);
        factors = List.copyOf(factors);
        if (milestones.size() != factors.size()) {
            throw new IllegalArgumentException("need one factor per milestone: " + milestones + " vs " + factors);
        }
        for (int i = 1; i < milestones.size(); i++) {
            if (milestones.get(i) <= milestones.get(i - 1)) {
                throw new IllegalArgumentException("milestones must be strictly ascending: " + milestones);
            }
        }
        for (double f : factors) {
            if (!(f > 0)) {
                throw new IllegalArgumentException("factors must be positive: " + factors);
            }
        }
    }

    /** A constant rate. */
    public static LrSchedule constant(double base) {
        return new LrSchedule(base, 0, List.of(), List.of());
    }

    /**
     * A named schedule: {@code constant}; {@code original} (the original project's milestones
     * and factors); {@code paper} (the paper's: warm-up, then x0.1 at epochs 76 and 106 of 135); {@code step} (warm-up 3 epochs, x0.1 at 60 % and 85 % of {@code epochs}, for short runs).
     */
    public static LrSchedule preset(String name, double base, int epochs) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "constant":
                return constant(base);
            case "original":
                return new LrSchedule(base, 0, List.of(200, 400, 600, 20000, 30000), List.of(2.5, 2.0, 2.0, 0.1, 0.1));
            case "paper":
                // Redmon et al. 2016, sec. 2.2: up from base/10 over the first epochs (5 here: the paper
                // does not say how many), base until epoch 75, base/10 for 30 epochs, base/100 for 30
                return new LrSchedule(base, 5, List.of(76, 106), List.of(0.1, 0.1));
            case "step":
                int a = Math.max(2, (int) Math.round(epochs * 0.6));
                int b = Math.max(a + 1, (int) Math.round(epochs * 0.85));
                return new LrSchedule(base, Math.min(3, Math.max(0, epochs / 10)), List.of(a, b), List.of(0.1, 0.1));
            default:
                throw new IllegalArgumentException("unknown schedule '" + name + "': use constant, original, paper or step");
        }
    }

    /** Shorthand for presets that do not depend on the epoch budget. */
    public static LrSchedule preset(String name, double base) {
        return preset(name, base, 100);
    }

    /** The rate for 1-based {@code epoch}. */
    public double rate(int epoch) {
        double lr = base;
        for (int i = 0; i < milestones.size(); i++) {
            if (epoch >= milestones.get(i)) {
                lr *= factors.get(i);
            }
        }
        if (warmupEpochs > 0 && epoch <= warmupEpochs) {
            double start = 0.1;
            double t = warmupEpochs == 1 ? 1.0 : (epoch - 1) / (double) (warmupEpochs);
            lr *= start + (1 - start) * t;
        }
        return lr;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "lr %.3g, warm-up %d, milestones %s, factors %s", base, warmupEpochs,
                milestones, Arrays.toString(factors.toArray()));
    }
}
