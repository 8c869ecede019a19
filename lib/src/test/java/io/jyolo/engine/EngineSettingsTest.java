package io.jyolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code GPU} and {@code JYOLO_DEVICE} as a user sets them: in the environment of a fresh {@code jyolo info}
 * process (the environment cannot be changed inside a running JVM). Only meaningful where no GPU is
 * usable, which is what these machines are; on a GPU machine the GPU group covers the other side.
 */
class EngineSettingsTest {

    private record Run(int code, String out, String err) {
    }

    private static Run info(Map<String, String> env) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                "io.jyolo.cli.Main", "info"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.equals("GPU") || k.equals("JYOLO_DEVICE"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jyolo info did not finish");
        Run r = new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        System.out.println("$ " + env + " jyolo info -> " + r.code + "\n" + r.out + r.err);
        return r;
    }

    @Test
    void gpuAndJyoloDeviceInTheEnvironment() throws Exception {
        int gpus = Engines.get().getGpuCount();
        org.junit.jupiter.api.Assumptions.assumeTrue(gpus == 0, "this machine has a GPU: the GPU group covers it");

        Run plain = info(Map.of());
        assertEquals(0, plain.code);
        assertTrue(plain.out.contains("default cpu()") && plain.out.contains("; GPU: "), plain.out);

        Run wanted = info(Map.of("JYOLO_DEVICE", "gpu"));
        assertEquals(1, wanted.code);
        assertTrue(wanted.err.strip().startsWith("jyolo info: device 'gpu' requested but the engine sees 0 GPU(s) ("),
                wanted.err);
        assertEquals(1, wanted.err.strip().lines().count(), wanted.err);

        Run bad = info(Map.of("JYOLO_DEVICE", "gpu:one"));
        assertEquals(1, bad.code);
        assertEquals("jyolo info: unknown device 'gpu:one': use cpu, gpu or gpu:N", bad.err.strip());

        Run required = info(Map.of("GPU", "1"));
        assertEquals(1, required.code);
        assertTrue(required.err.strip().startsWith("jyolo info: GPU=1 but no GPU is usable ("), required.err);

        Run cpuAnyway = info(Map.of("GPU", "1", "JYOLO_DEVICE", "cpu"));
        assertEquals(0, cpuAnyway.code, cpuAnyway.err);
        assertTrue(cpuAnyway.out.contains("default cpu()"), cpuAnyway.out);

        Run off = info(Map.of("GPU", "0"));
        assertEquals(0, off.code);
        assertTrue(off.out.contains("GPU: GPU=0: the CPU route was chosen"), off.out);
    }
}
