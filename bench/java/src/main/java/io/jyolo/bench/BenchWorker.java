package io.jyolo.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.jyolo.engine.Engines;
import io.jyolo.model.Architecture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Java side of the benchmark ({@code make bench}): one workload per process, driven over
 * stdin/stdout by {@code bench/run_bench.py}, which runs the PyTorch reference
 * ({@code bench/py/jyref/worker.py}) the same way and alternates the two. It lives in its own Maven
 * module ({@code bench/java}), outside the library, and times the library through its public API:
 * {@code io.jyolo.train.TrainingStep} for a training step, {@code io.jyolo.train.Trainer} for an epoch.
 *
 * <p>Protocol: after set-up and warm-up (not timed) the worker prints {@code READY {json}};
 * every {@code run N} line runs N timed iterations and prints {@code RESULT {json}} with the wall
 * time of each (seconds) and the resident memory after each; {@code quit} ends. Everything else
 * (DJL logs) goes to stderr.
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=2 \
 *      -cp bench/java/target/jyolo-bench.jar io.jyolo.bench.BenchWorker train --arch fast --size 448 --batch 8
 * </pre>
 * Cases: {@code train}, {@code memory} (a training step; --arch --size --batch), {@code infer}
 * (--arch --batch --data), {@code data} (--data --split --workers --batch), {@code epoch} (data +
 * training), {@code matmul} (--n). Common: --warmup, --seed, --device cpu|gpu.
 */
public final class BenchWorker {

    static final List<String> CASES = List.of("train", "memory", "infer", "data", "epoch", "matmul");

    private BenchWorker() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = protocolOut();
        Options o = Options.parse(args);
        Engines.configure();
        Engine engine = Engines.get();
        Device device = Engines.parseDevice(o.string("device", "cpu"), engine.getGpuCount());
        long t0 = System.nanoTime();
        try (BenchCase c = create(o, device)) {
            double setup = seconds(t0);
            t0 = System.nanoTime();
            c.warmUp(o.integer("warmup", 1));
            double warm = seconds(t0);
            Map<String, Object> ready = new LinkedHashMap<>();
            ready.put("side", "java");
            ready.put("case", o.caseName());
            ready.put("setup_s", setup);
            ready.put("warmup_s", warm);
            ready.put("djl", Engine.getDjlVersion());
            ready.put("libtorch", engine.getVersion());
            ready.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
            ready.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
            ready.put("interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "default"));
            ready.put("device", device.toString());
            ready.put("jpeg_decoder", io.jyolo.image.Images.jpegDecoder());
            ready.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
            ready.put("rss_kib", ProcessMemory.rssKib());
            ready.putAll(c.info());
            out.println("READY " + Json.write(ready));
            serve(c, out, device);
        }
    }

    private static void serve(BenchCase c, PrintStream out, Device device) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split("\\s+");
            if (cmd[0].isEmpty()) {
                continue;
            }
            if (cmd[0].equals("quit")) {
                return;
            }
            if (!cmd[0].equals("run") || cmd.length != 2) {
                out.println("ERROR " + Json.write(Map.of("message", "unknown command: " + line)));
                continue;
            }
            int n = Integer.parseInt(cmd[1]);
            double[] times = new double[n];
            long[] rss = new long[n];
            long[] heap = new long[n];
            long[] direct = new long[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                c.step();
                if (device.isGpu()) {
                    synchronize(device); // the step's kernels are queued, not done, when step() returns
                }
                times[i] = seconds(start);
                rss[i] = ProcessMemory.rssKib();
                Runtime rt = Runtime.getRuntime();
                heap[i] = (rt.totalMemory() - rt.freeMemory()) >> 10;
                direct[i] = ProcessMemory.directKib();
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("times", times);
            result.put("rss_kib", rss);
            result.put("heap_used_kib", heap);
            result.put("direct_kib", direct);
            result.putAll(c.counters());
            if (device.isGpu()) {
                result.put("gpu_used_mib", ai.djl.util.cuda.CudaUtils.getGpuMemory(device).getCommitted() / 1048576.0);
            }
            out.println("RESULT " + Json.write(result));
        }
    }

    private static BenchCase create(Options o, Device device) throws Exception {
        long seed = o.integer("seed", 7);
        int size = o.integer("size", 448);
        int batch = o.integer("batch", 8);
        Architecture arch = Architecture.parse(o.string("arch", "fast"));
        Path data = Path.of(o.string("data", "."));
        String split = o.string("split", null);
        return switch (o.caseName()) {
            case "train", "memory" -> new TrainStepCase(arch, size, batch, device, seed);
            case "infer" -> new InferenceCase(arch, size, batch, data, device);
            case "data" -> new DataPipelineCase(data, split, size, batch, o.integer("workers", 2), seed);
            case "epoch" -> new EpochCase(arch, data, split, size, batch, o.integer("workers", 2), device, seed);
            case "matmul" -> new MatmulCase(o.integer("n", 2048), device);
            default -> throw new IllegalArgumentException("unknown case '" + o.caseName() + "'; cases: " + CASES);
        };
    }

    /**
     * The process's standard output for the worker's protocol lines; {@code System.out} is sent to
     * stderr from here on, since library logs printed there would break the protocol.
     */
    static PrintStream protocolOut() {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        return out;
    }

    /**
     * Waits until the GPU has run everything queued: a copy to the host is queued behind the work already on
     * the stream, so reading one value back returns only when that work is done (PyTorch's side calls
     * {@code torch.cuda.synchronize()}).
     */
    private static void synchronize(Device device) {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(device)) {
            m.zeros(new ai.djl.ndarray.types.Shape(1)).getFloat();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
