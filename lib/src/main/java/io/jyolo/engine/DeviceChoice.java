package io.jyolo.engine;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which device a run uses, from the user's settings and the GPUs the engine sees. Kept free of the engine
 * so that every rule can be tested on a machine without a GPU.
 *
 * <p>The rules, in order: an explicit device ({@code -Djyolo.device}, else {@code JYOLO_DEVICE}, else a
 * command's {@code --device}) is used as given, and a GPU that does not exist is an error, never a silent
 * fallback; {@code GPU=0} means the CPU; {@code GPU=1} means a GPU is required, so having none is an error;
 * otherwise the first GPU when there is one, else the CPU.
 */
public final class DeviceChoice {

    private static final Pattern GPU = Pattern.compile("(?:gpu|cuda)(?::(\\d{1,3}))?");

    private DeviceChoice() {
    }

    /**
     * The default device.
     *
     * @param override  {@code jyolo.device} / {@code JYOLO_DEVICE}, null or blank when not set
     * @param gpuSwitch the {@code GPU} environment variable, null when not set
     * @param gpuCount  the GPUs the engine sees
     * @param why       why no GPU is usable, for the messages (ignored when {@code gpuCount > 0})
     */
    public static Device choose(String override, String gpuSwitch, int gpuCount, String why) {
        if (override != null && !override.isBlank()) {
            return parse(override, gpuCount, why);
        }
        if ("0".equals(gpuSwitch)) {
            return Device.cpu();
        }
        if (gpuCount > 0) {
            return Device.gpu(0);
        }
        if ("1".equals(gpuSwitch)) {
            throw new IllegalStateException("GPU=1 but no GPU is usable (" + why
                    + "); unset GPU or set JYOLO_DEVICE=cpu to run on the CPU");
        }
        return Device.cpu();
    }

    /**
     * Parses {@code cpu}, {@code gpu}, {@code gpu:N} (or {@code cuda}, {@code cuda:N}), checking that the GPU
     * exists.
     *
     * @throws IllegalArgumentException (one line) for an unknown name or a GPU the engine does not see
     */
    public static Device parse(String spec, int gpuCount, String why) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        Matcher m = GPU.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown device '" + spec + "': use cpu, gpu or gpu:N");
        }
        int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        if (index >= gpuCount) {
            throw new IllegalArgumentException("device '" + spec + "' requested but the engine sees " + gpuCount
                    + " GPU(s)" + (gpuCount == 0 && why != null && !why.isBlank() ? " (" + why + ")" : "")
                    + "; use cpu" + (gpuCount > 0 ? " or gpu:0..gpu:" + (gpuCount - 1) : ""));
        }
        return Device.gpu(index);
    }

    /**
     * Parses a device list for data-parallel training: one device as {@link #parse}, {@code all} (every GPU the
     * engine sees), or a comma-separated list such as {@code gpu:0,gpu:1}. The first device holds the weights
     * and the optimizer; each further one gets a replica of the network per step.
     *
     * <p>{@code cpu} may repeat ({@code cpu,cpu}: two replicas on the CPU). That gains no speed, since both share
     * the same cores; it exists so that the data-parallel path runs, and is tested, on a machine without GPUs. A
     * GPU may not repeat, and the CPU and GPUs may not mix (the CPU replica would hold every GPU back).
     *
     * @throws IllegalArgumentException (one line) for an unknown name, a missing GPU, a repeated GPU, a mix of
     *                                  CPU and GPU, or {@code all} without GPUs
     */
    public static List<Device> parseList(String spec, int gpuCount, String why) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals("all")) {
            if (gpuCount == 0) {
                throw new IllegalArgumentException("devices 'all' means every GPU, but the engine sees none"
                        + (why != null && !why.isBlank() ? " (" + why + ")" : "") + "; use cpu");
            }
            List<Device> all = new ArrayList<>();
            for (int i = 0; i < gpuCount; i++) {
                all.add(Device.gpu(i));
            }
            return List.copyOf(all);
        }
        List<Device> devices = new ArrayList<>();
        Set<Device> gpus = new HashSet<>();
        for (String part : s.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("devices '" + spec + "' has an empty entry: use e.g. gpu:0,gpu:1");
            }
            Device d = parse(part, gpuCount, why);
            if (d.isGpu() && !gpus.add(d)) {
                throw new IllegalArgumentException("devices '" + spec + "' names " + part.strip()
                        + " twice: each GPU holds one replica");
            }
            devices.add(d);
        }
        if (!gpus.isEmpty() && gpus.size() != devices.size()) {
            throw new IllegalArgumentException("devices '" + spec + "' mixes the CPU and GPUs: use GPUs only, or cpu");
        }
        return List.copyOf(devices);
    }
}
