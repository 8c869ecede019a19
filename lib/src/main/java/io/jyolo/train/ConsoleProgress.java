package io.jyolo.train;

import io.jyolo.run.EpochRecord;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal, redrawn in place at most a few times a second, and one
 * summary line per epoch: what the CLI shows while training.
 */
public final class ConsoleProgress implements TrainingListener {

    private static final int WIDTH = 24;
    private final PrintStream out;
    private final long intervalNanos;
    private long lastDraw;

    public ConsoleProgress(PrintStream out) {
        this(out, 250);
    }

    public ConsoleProgress(PrintStream out, long intervalMillis) {
        this.out = out;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    @Override
    public void onStart(Trainer trainer, int firstEpoch) {
        out.println(trainer.describe());
    }

    @Override
    public void onBatch(BatchProgress p) {
        long now = System.nanoTime();
        if (now - lastDraw < intervalNanos && p.batch() < p.batches()) {
            return;
        }
        lastDraw = now;
        out.print("\r" + bar(p));
        out.flush();
    }

    /** The progress line for {@code p}. */
    public static String bar(BatchProgress p) {
        int filled = (int) Math.round(p.fraction() * WIDTH);
        // the loss is read from the device every few batches; before the epoch's first read there is none yet
        String loss = Double.isNaN(p.meanLoss()) ? "loss   -   " : String.format(Locale.ROOT, "loss %.4f", p.meanLoss());
        String iou = Double.isNaN(p.meanIou()) ? "iou   -  " : String.format(Locale.ROOT, "iou %.3f", p.meanIou());
        return String.format(Locale.ROOT, "epoch %d/%d [%s%s] %d/%d  %s  %s  %.1f img/s  lr %.2e",
                p.epoch(), p.epochs(), "#".repeat(filled), ".".repeat(WIDTH - filled), p.batch(), p.batches(),
                loss, iou, p.imagesPerSec(), p.lr());
    }

    @Override
    public void onEpoch(Trainer trainer, EpochRecord r) {
        out.print("\r");
        out.println(line(r));
    }

    /** The summary line of an epoch. */
    public static String line(EpochRecord r) {
        String val = Double.isNaN(r.valLoss()) ? "" : String.format(Locale.ROOT, "  val loss %.4f", r.valLoss());
        String map = Double.isNaN(r.valMap()) ? "" : String.format(Locale.ROOT, "  val mAP %.3f", r.valMap());
        return String.format(Locale.ROOT,
                "epoch %d: loss %.4f (coord %.4f, obj %.4f, noobj %.4f, class %.4f) iou %.3f%s%s  %.1f img/s  %.1f s",
                r.epoch(), r.loss(), r.coord(), r.objConf(), r.noobjConf(), r.classes(), r.iou(), val, map,
                r.imagesPerSec(), r.seconds());
    }

    @Override
    public void onEnd(Trainer trainer, TrainingResult result) {
        out.println();
        out.println(result.message());
    }
}
