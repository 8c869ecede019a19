package io.jyolo.run;

import java.util.Locale;

/**
 * Which epochs keep a numbered checkpoint ({@code epoch-00100.ckpt}); {@code last.ckpt} is
 * always rewritten after every epoch and {@code best.ckpt} whenever validation improves.
 *
 * @param every     keep every {@code every}-th epoch (0: none besides last/best)
 * @param switchAt  from this epoch on, use {@code everyAfter} instead (0: never)
 * @param everyAfter the interval after {@code switchAt}
 */
public record CheckpointPolicy(int every, int switchAt, int everyAfter) {

    public CheckpointPolicy {
        if (every < 0 || switchAt < 0 || everyAfter < 0) {
            throw new IllegalArgumentException("checkpoint intervals must be >= 0");
        }
    }

    /** Every {@code n} epochs. */
    public static CheckpointPolicy every(int n) {
        return new CheckpointPolicy(n, 0, 0);
    }

    /** The PyTorch original's policy: every 100 epochs below 1000, every 1000 above. */
    public static CheckpointPolicy original() {
        return new CheckpointPolicy(100, 1000, 1000);
    }

    /** {@code original}, or {@code every:N} / a plain number N. */
    public static CheckpointPolicy parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("original")) {
            return original();
        }
        String n = s.startsWith("every:") ? s.substring(6) : s;
        try {
            return every(Integer.parseInt(n));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint policy '" + spec + "': use original, every:N or N");
        }
    }

    /** Whether epoch {@code epoch} (1-based) keeps a numbered checkpoint. */
    public boolean keeps(int epoch) {
        int n = switchAt > 0 && epoch >= switchAt ? everyAfter : every;
        return n > 0 && epoch % n == 0;
    }
}
