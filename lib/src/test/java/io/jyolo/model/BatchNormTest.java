package io.jyolo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.jyolo.engine.Engines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * jyolo's BatchNorm block against DJL's, which it replaces: same parameter names, and bit for bit the
 * same output, running statistics and gradients, in training and in inference.
 */
class BatchNormTest {

    @Test
    void matchesDjlsBatchNormBitForBit() {
        Engines.get();
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(3, 5, 6, 4);
            Block ours = new BatchNorm();
            Block djl = ai.djl.nn.norm.BatchNorm.builder().build();
            for (Block b : List.of(ours, djl)) {
                // random gamma and beta, so that a swapped gamma and beta would show
                b.setInitializer(new NormalInitializer(0.5f), Parameter.Type.GAMMA);
                b.setInitializer(new NormalInitializer(0.5f), Parameter.Type.BETA);
                Engine.getInstance().setRandomSeed(3);
                b.initialize(manager, DataType.FLOAT32, shape);
            }
            assertEquals(names(djl), names(ours));
            for (int step = 0; step < 3; step++) {
                Engine.getInstance().setRandomSeed(10 + step);
                NDArray x = manager.randomNormal(shape).mul(2).add(1);
                float[][] a = trainingStep(ours, x, manager);
                float[][] b = trainingStep(djl, x, manager);
                for (int i = 0; i < a.length; i++) {
                    assertArrayEquals(b[i], a[i], 0f, "step " + step + ", array " + i);
                }
            }
            NDArray x = manager.randomNormal(shape);
            assertArrayEquals(infer(djl, x, manager), infer(ours, x, manager), 0f);
        }
    }

    private static List<String> names(Block block) {
        List<String> names = new ArrayList<>();
        block.getParameters().forEach(p -> names.add(p.getKey() + " " + p.getValue().getType()
                + " " + p.getValue().requiresGradient() + " " + p.getValue().getArray().getShape()));
        return names;
    }

    /** Output, input gradient, gamma and beta gradients, running mean and variance after one step. */
    private static float[][] trainingStep(Block block, NDArray x, NDManager manager) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(sub);
            in.setRequiresGradient(true);
            float[] out;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(sub, false), new NDList(in), true).singletonOrThrow();
                out = y.toFloatArray();
                // weights that differ per element, so every gradient term counts
                collector.backward(y.mul(y.getManager().arange((float) y.size()).reshape(y.getShape())).sum());
            }
            List<float[]> arrays = new ArrayList<>(List.of(out, in.getGradient().toFloatArray()));
            for (var p : block.getParameters()) {
                NDArray array = p.getValue().getArray();
                arrays.add(p.getValue().requiresGradient() ? array.getGradient().toFloatArray() : array.toFloatArray());
                if (p.getValue().requiresGradient()) {
                    array.getGradient().set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
                }
            }
            return arrays.toArray(float[][]::new);
        }
    }

    private static float[] infer(Block block, NDArray x, NDManager manager) {
        try (NDManager sub = manager.newSubManager()) {
            return block.forward(new ParameterStore(sub, false), new NDList(x), false).singletonOrThrow()
                    .toFloatArray();
        }
    }
}
