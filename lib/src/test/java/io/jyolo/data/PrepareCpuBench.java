package io.jyolo.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jyolo.model.OutputLayout;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * One loader worker's cost per sample, as thread CPU time rather than wall time (on a shared,
 * overloaded machine wall time mostly measures the other processes): {@link SamplePipeline#prepare}
 * with paper augmentation at 448 over voc2012-sample, median of several passes after a warm-up.
 * A measurement, not a test: skipped unless {@code JYOLO_BENCH} is set.
 */
class PrepareCpuBench {

    @Test
    void cpuPerSample() throws IOException {
        assumeTrue(System.getenv("JYOLO_BENCH") != null, "benchmark: set JYOLO_BENCH=1 to run");
        // OpenCV's thread count is the library's own setting (one thread; JYOLO_OPENCV_THREADS changes it)
        VocDataset ds = VocDataset.open(Fixtures.shared("voc2012-sample"), null);
        SamplePipeline p = new SamplePipeline(ds.classes(), OutputLayout.voc(), 448, ResizeMode.STRETCH,
                Augmentation.paper(), false);
        float[] img = new float[p.imageFloats()];
        float[] tgt = new float[p.targetFloats()];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int passes = 7;
        double[] cpu = new double[passes + 2];
        long seed = 0;
        for (int pass = 0; pass < passes + 2; pass++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (Sample s : ds.samples()) {
                p.prepare(s, seed++, img, 0, tgt, 0);
            }
            cpu[pass] = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / ds.size();
        }
        double[] measured = Arrays.copyOfRange(cpu, 2, cpu.length); // two warm-up passes
        Arrays.sort(measured);
        double ms = measured[passes / 2];
        System.out.printf(Locale.ROOT, "PREPARE cpu %.3f ms/sample = %.1f samples/s per worker (median of %d passes;"
                + " min %.3f max %.3f)%n", ms, 1000 / ms, passes, measured[0], measured[passes - 1]);
    }
}
