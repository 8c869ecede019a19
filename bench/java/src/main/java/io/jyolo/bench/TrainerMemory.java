package io.jyolo.bench;

import io.jyolo.run.TrainConfig;
import io.jyolo.train.BatchProgress;
import io.jyolo.train.Trainer;
import io.jyolo.train.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resident memory of the real trainer ({@link Trainer} with its data loader, loss, optimizer,
 * checkpoints and event files: what {@code jyolo train} runs), read after every batch.
 *
 * <p>Read at the same point of every step (after the update, before the next batch) so that the
 * step's own working set (activations, gradients: a few hundred MB that come and go within a step)
 * does not show up as noise, as it does when RSS is sampled by the clock. Uses the library's
 * training defaults on the given dataset, no validation; stops itself after {@code --steps}
 * batches (as an interrupt would).
 *
 * <pre>
 * java -cp bench/java/target/jyolo-bench.jar io.jyolo.bench.TrainerMemory --data data/shapes --steps 320 --out /tmp/mem
 * </pre>
 * Prints {@code MEMORY {"rss_kib": [...], "heap_used_kib": [...], "direct_kib": [...]}} (one entry per step).
 */
public final class TrainerMemory {

    private TrainerMemory() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = BenchWorker.protocolOut();
        Options o = Options.parseTool("trainer-memory", args);
        Path data = Path.of(o.string("data", "data/shapes"));
        Path run = Path.of(o.string("out", "bench/results/tmp/trainer-memory"));
        int steps = o.integer("steps", 320);
        Map<String, Object> result = measure(data, run, steps, o.integer("batch", 16));
        out.println("MEMORY " + Json.write(result));
        String report = o.string("report", null);
        if (report != null) {
            Files.writeString(Path.of(report), report(data, (long[]) result.get("rss_kib"),
                    (long[]) result.get("heap_used_kib"), (long[]) result.get("direct_kib"), (int) result.get("batch")));
        }
    }

    /** Markdown: RSS, heap and direct memory at steps 50 ... the end, growth from 50 to 300 and from 300 to the end. */
    static String report(Path data, long[] rss, long[] heap, long[] direct, int batch) {
        StringBuilder md = new StringBuilder("# Resident memory of the trainer\n\n")
                .append("`make bench-memory`: `io.jyolo.bench.TrainerMemory` trains with the library's defaults (batch ")
                .append(batch).append(", no validation) on `").append(data)
                .append("` and reads the process's resident memory (VmRSS) after every step, at the same point ")
                .append("of the step (after the update).\n\n| after step | RSS MiB | Java heap used MiB | direct buffers MiB |\n|---|---|---|---|\n");
        for (int step : new int[] {10, 50, 100, 200, 300, 400, 600, rss.length}) {
            if (step == rss.length || step + 20 <= rss.length) {
                md.append(String.format(java.util.Locale.ROOT, "| %d | %.0f | %.0f | %.1f |%n", step, rss[step - 1] / 1024.0,
                        heap[step - 1] / 1024.0, direct[step - 1] / 1024.0));
            }
        }
        if (rss.length >= 300) {
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 49; i < rss.length; i++) {
                min = Math.min(min, rss[i]);
                max = Math.max(max, rss[i]);
            }
            md.append(String.format(java.util.Locale.ROOT, "%nGrowth from step 50 to step 300: %+.1f %% (target: within 5 %%);"
                    + " from step 50 on, RSS stayed between %.0f and %.0f MiB.%n",
                    100.0 * (rss[299] - rss[49]) / rss[49], min / 1024.0, max / 1024.0));
        }
        if (rss.length >= 400) {
            // with jyolo's malloc settings RSS is a high-water mark: the first epoch's end (checkpoint)
            // sets a new one; what matters for a long run is whether it keeps rising after that
            md.append(String.format(java.util.Locale.ROOT, "Growth from step 300 (after the first epoch's end and"
                    + " its checkpoint) to step %d: %+.1f %%.%n", rss.length,
                    100.0 * (rss[rss.length - 1] - rss[299]) / rss[299]));
        }
        return md.toString();
    }

    /** Trains on {@code data} into a new run folder {@code run} for {@code steps} batches, reading RSS after each. */
    static Map<String, Object> measure(Path data, Path run, int steps, int batch) throws Exception {
        if (Files.exists(run)) {
            throw new IllegalArgumentException(run + " exists: give a new run folder");
        }
        TrainConfig config = TrainConfig.builder(data.toString()).valSplit(null).batchSize(batch).epochs(1000).build();
        List<Long> rss = new ArrayList<>();
        List<Long> heap = new ArrayList<>();
        List<Long> direct = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onBatch(BatchProgress p) {
                rss.add(ProcessMemory.rssKib());
                Runtime rt = Runtime.getRuntime();
                heap.add((rt.totalMemory() - rt.freeMemory()) >> 10);
                direct.add(ProcessMemory.directKib());
                if (rss.size() >= steps) {
                    Thread.currentThread().interrupt(); // the trainer stops after this batch
                }
            }
        };
        try (Trainer trainer = Trainer.create(config, run)) {
            trainer.fit(listener);
        } finally {
            Thread.interrupted();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("steps", rss.size());
        result.put("batch", batch);
        result.put("rss_kib", rss.stream().mapToLong(Long::longValue).toArray());
        result.put("heap_used_kib", heap.stream().mapToLong(Long::longValue).toArray());
        result.put("direct_kib", direct.stream().mapToLong(Long::longValue).toArray());
        return result;
    }
}
