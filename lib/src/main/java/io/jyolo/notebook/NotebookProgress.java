package io.jyolo.notebook;

import io.jyolo.run.EpochRecord;
import io.jyolo.train.BatchProgress;
import io.jyolo.train.ConsoleProgress;
import io.jyolo.train.Trainer;
import io.jyolo.train.TrainingListener;
import io.jyolo.train.TrainingResult;
import io.jyolo.viz.Displayable;
import io.jyolo.viz.TrainingCharts;
import java.util.Locale;
import java.util.function.Function;
import org.knowm.xchart.XYChart;

/**
 * The progress of a training cell as ONE output that updates in place: a heading (what is trained
 * where), a progress bar with the running loss, the last epoch's summary, and the loss chart of
 * every epoch so far, redrawn after each epoch.
 *
 * <p>Updates are sent from a separate daemon thread, never from the training thread: the notebook's
 * interrupt button interrupts the training thread, and that thread must not be inside the kernel's
 * messaging code when it happens. Batch updates are coalesced to one per interval; the final state
 * is delivered before {@link #onEnd} returns.
 */
public final class NotebookProgress implements TrainingListener {

    /**
     * What the display shows at one moment (immutable).
     *
     * @param heading    what is trained on what, where
     * @param progress   the latest batch, or null before the first
     * @param lastEpoch  summary line of the last finished epoch, or null
     * @param chartPng   base64 PNG of the loss chart, or null before the first epoch
     * @param message    how training ended, or null while it runs
     * @param status     running, completed, interrupted or diverged
     */
    public record View(String heading, BatchProgress progress, String lastEpoch, String chartPng, String message,
                       String status) implements Displayable {

        @Override
        public String html() {
            StringBuilder sb = new StringBuilder(256 + (chartPng == null ? 0 : chartPng.length()));
            sb.append("<div class=\"jyolo-progress\">");
            sb.append("<div><b>").append(HtmlTables.escape(heading)).append("</b></div>");
            double fraction = progress == null ? 0 : progress.fraction();
            String colour = switch (status) {
                case "interrupted" -> "#e0a000";
                case "diverged" -> "#d03030";
                case "completed" -> "#30a050";
                default -> "#3b82c4";
            };
            sb.append("<div style=\"display:flex;align-items:center;gap:10px;margin:4px 0\">")
                    .append("<div style=\"width:260px;height:12px;background:#ddd;border-radius:3px;flex:none\">")
                    .append(String.format(Locale.ROOT,
                            "<div style=\"width:%.1f%%;height:100%%;background:%s;border-radius:3px\"></div></div>",
                            100 * fraction, colour))
                    .append("<code>").append(HtmlTables.escape(progressLine())).append("</code></div>");
            if (lastEpoch != null) {
                sb.append("<div><code>").append(HtmlTables.escape(lastEpoch)).append("</code></div>");
            }
            if (message != null) {
                sb.append("<div style=\"margin:4px 0\"><b>").append(HtmlTables.escape(message)).append("</b></div>");
            }
            if (chartPng != null) {
                sb.append("<div><img alt=\"loss per epoch\" src=\"data:image/png;base64,").append(chartPng)
                        .append("\"/></div>");
            }
            return sb.append("</div>").toString();
        }

        /** The progress line: epoch, batch, running loss, throughput, or "starting". */
        public String progressLine() {
            return progress == null ? status : ConsoleProgress.bar(progress).replaceFirst(" \\[[#.]*\\]", "");
        }

        @Override
        public String toString() {
            return message != null ? message : progressLine();
        }
    }

    private final long intervalNanos;
    private final Function<Object, LiveDisplay> opener;
    private volatile View view = new View("", null, null, null, null, "starting");
    private volatile OffThreadDisplay display;
    private long lastPost;

    /** Shows the progress in the notebook (or prints it outside one), batch updates at most once a second. */
    public NotebookProgress() {
        this(1000, LiveDisplay::show);
    }

    /**
     * @param intervalMillis least time between two batch updates
     * @param opener         shows the first view and returns the display to update (tests pass
     *                       {@code v -> LiveDisplay.to(sink, v)})
     */
    public NotebookProgress(long intervalMillis, Function<Object, LiveDisplay> opener) {
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.opener = opener;
    }

    /** The current view. */
    public View view() {
        return view;
    }

    @Override
    public void onStart(Trainer trainer, int firstEpoch) {
        String chart = trainer.history().rows().isEmpty() ? null : chartPng(trainer);
        view = new View(trainer.describe(), null, null, chart, null, "starting");
        display = new OffThreadDisplay(view, opener);
    }

    @Override
    public void onBatch(BatchProgress p) {
        view = new View(view.heading(), p, view.lastEpoch(), view.chartPng(), null, "running");
        long now = System.nanoTime();
        if (now - lastPost >= intervalNanos || p.batch() == p.batches()) {
            lastPost = now;
            post(view);
        }
    }

    @Override
    public void onEpoch(Trainer trainer, EpochRecord record) {
        view = new View(view.heading(), view.progress(), ConsoleProgress.line(record), chartPng(trainer), null,
                "running");
        lastPost = System.nanoTime();
        post(view);
    }

    @Override
    public void onEnd(Trainer trainer, TrainingResult result) {
        String status = result.status().name().toLowerCase(Locale.ROOT);
        view = new View(view.heading(), view.progress(), view.lastEpoch(), view.chartPng(), result.message(), status);
        if (display != null) {
            display.finish(view);
        }
    }

    private void post(View v) {
        if (display != null) {
            display.post(v);
        }
    }

    private static String chartPng(Trainer trainer) {
        XYChart chart = TrainingCharts.losses(trainer.history());
        chart.getStyler().setChartTitleVisible(true);
        return JyoloDisplay.chartPng(chart);
    }
}
