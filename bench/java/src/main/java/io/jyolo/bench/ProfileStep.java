package io.jyolo.bench;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import io.jyolo.engine.Engines;
import io.jyolo.engine.HostReads;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records libtorch's own profile of the library's training step ({@code io.jyolo.train.TrainingStep}),
 * so that a Java/PyTorch gap can be split op by op: the same kernels cost the same on both sides,
 * what differs is the ops each side issues and the time between them. Writes a Chrome trace (libtorch's legacy profiler, as
 * {@code bench/py/jyref/profile.py} does on the PyTorch side) and prints one JSON line with the
 * wall time of every profiled step and the host reads the library counted ({@link HostReads});
 * {@code bench/profile_step.py} compares the two traces.
 *
 * <pre>
 * java -cp bench/java/target/jyolo-bench.jar io.jyolo.bench.ProfileStep --arch fast --size 448 --batch 8 \
 *      --warmup 2 --steps 5 --out java.json
 * </pre>
 */
public final class ProfileStep {

    private ProfileStep() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = BenchWorker.protocolOut();
        Options o = Options.parseTool("profile", args);
        Path trace = Path.of(o.string("out", "java-profile.json")).toAbsolutePath();
        Profiled p = record(o, trace);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("side", "java");
        result.put("trace", trace.toString());
        result.put("times", p.times());
        result.put("host_reads", p.hostReads());
        out.println("PROFILE " + Json.write(result));
    }

    /**
     * What the profiled steps took.
     *
     * @param times wall time of every profiled step, seconds
     * @param hostReads device-to-host reads the library made in them, through its one counted read path
     */
    record Profiled(double[] times, long hostReads) {
    }

    /** Warms up, then profiles {@code --steps} training steps into {@code trace}. */
    static Profiled record(Options o, Path trace) throws Exception {
        Files.createDirectories(trace.toAbsolutePath().getParent());
        int steps = o.integer("steps", 5);
        Engines.get();
        try (TrainStepCase c = new TrainStepCase(io.jyolo.model.Architecture.parse(o.string("arch", "fast")),
                o.integer("size", 448), o.integer("batch", 8), Device.cpu(), o.integer("seed", 7))) {
            c.warmUp(o.integer("warmup", 2));
            double[] times = new double[steps];
            long readsBefore = HostReads.onThisThread();
            JniUtils.startProfile(false, false, false);
            try {
                for (int i = 0; i < steps; i++) {
                    long start = System.nanoTime();
                    c.step();
                    times[i] = (System.nanoTime() - start) / 1e9;
                }
            } finally {
                JniUtils.stopProfile(trace.toAbsolutePath().toString());
            }
            return new Profiled(times, HostReads.onThisThread() - readsBefore);
        }
    }
}
