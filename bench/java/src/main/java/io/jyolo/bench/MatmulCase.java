package io.jyolo.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.jyolo.engine.Engines;
import java.util.Map;

/**
 * A large float32 matrix product on the same libtorch the networks run on: the practical peak
 * that the training step's achieved GFLOP/s is compared with.
 */
final class MatmulCase implements BenchCase {

    private final NDManager manager;
    private final NDArray a;
    private final NDArray b;
    private final int n;

    MatmulCase(int n, Device device) {
        Engines.get();
        this.n = n;
        this.manager = NDManager.newBaseManager(device);
        manager.getEngine().setRandomSeed(7);
        this.a = manager.randomUniform(0f, 1f, new Shape(n, n), DataType.FLOAT32);
        this.b = manager.randomUniform(0f, 1f, new Shape(n, n), DataType.FLOAT32);
    }

    @Override
    public void step() {
        try (NDManager sub = manager.newSubManager()) {
            NDArray c = a.matMul(b);
            c.attach(sub);
            if (!c.getDevice().equals(Device.cpu())) {
                c.get(0, 0).getFloat(); // waits for the GPU
            }
        }
    }

    @Override
    public Map<String, Object> info() {
        return Map.of("flops_per_iteration", 2L * n * n * n);
    }

    @Override
    public void close() {
        manager.close();
    }
}
