package io.jyolo.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.jyolo.engine.Engines;
import io.jyolo.model.ComputeLayout;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A run's trained network on a device: rebuilt from {@code config.json}, its weights (BatchNorm
 * statistics included) restored from the run's checkpoint. The one way a front end loads a
 * run's network (the detector, the feature-map pictures), so that every one of them honours the
 * device it is asked for and fails with one line naming the files when the checkpoint does not
 * fit the network, instead of a DJL stack trace.
 *
 * <p>Owns the {@link NDManager} that holds the weights: close it to free them.
 *
 * @param run     what the run folder says: configuration, classes, the checkpoint loaded
 * @param manager holds the weights, on {@link #device()}; forward passes open sub-managers of it
 * @param network the network with the checkpoint's weights
 */
public record TrainedNetwork(TrainedRun run, NDManager manager, YoloNetwork network) implements AutoCloseable {

    /**
     * The network of the run in {@code runDir} with {@code checkpoint} (null: best, else last,
     * else the newest numbered one; see {@link TrainedRun#open}) on {@code device}.
     */
    public static TrainedNetwork load(Path runDir, Path checkpoint, String device) throws IOException {
        return load(TrainedRun.open(runDir, checkpoint), device);
    }

    /**
     * The network of {@code run} on {@code device} ({@code cpu}, {@code gpu}, {@code gpu:N}; null:
     * the first GPU if any, else the CPU).
     *
     * @throws IOException naming the checkpoint and {@code config.json} when the weights do not fit
     * @throws IllegalArgumentException when {@code device} names no usable device
     */
    public static TrainedNetwork load(TrainedRun run, String device) throws IOException {
        Objects.requireNonNull(run, "run");
        Engines.configure();
        Device on = device == null ? Engines.defaultDevice() : Engines.parseDevice(device, Engines.get().getGpuCount());
        NDManager manager = NDManager.newBaseManager(on);
        try {
            YoloNetwork network = YoloNetworks.create(run.model()).initialize(manager);
            try {
                run.checkpoint().restoreParameters(network, manager);
            } catch (RuntimeException e) {
                throw new IOException(run.checkpoint().file() + ": parameters do not fit the network of "
                        + new RunFolder(run.dir()).config() + ": " + e.getMessage(), e);
            }
            return new TrainedNetwork(run, manager, ComputeLayout.orderKernels(network));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The device the weights are on. */
    public Device device() {
        return manager.getDevice();
    }

    /** One line: which network from which checkpoint, at which size, on which device. */
    public String describe() {
        ModelConfig m = run.model();
        return String.format(Locale.ROOT, "%s at %d px (S=%d, B=%d, C=%d, %s) from %s on %s", m.architecture(),
                m.inputSize(), m.gridSize(), m.boxesPerCell(), m.classes(),
                run.resize().name().toLowerCase(Locale.ROOT), run.checkpoint().file(), device());
    }

    /** Frees the weights. Safe to call more than once. */
    @Override
    public void close() {
        manager.close();
    }
}
