package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import io.jyolo.engine.Engines;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optimizers against a plain-Java transcription of PyTorch's update formulas, over several
 * steps with a learning rate that changes from step to step (so a momentum buffer that stored
 * {@code lr * v} instead of {@code v} would show), on two small parameters.
 */
class OptimizerTest {

    private static final Shape[] SHAPES = {new Shape(3, 4), new Shape(5)};
    private static final double[] RATES = {0.1, 0.05, 0.2, 0.01, 0.3};

    @BeforeAll
    static void engine() {
        Engines.get();
    }

    /** The reference: one parameter's weights and state, updated element by element in float. */
    private interface Reference {
        void step(float[] w, float[] g, float lr, int step);
    }

    private static Reference sgdReference(float momentum, float wd) {
        float[][] buffers = new float[SHAPES.length][];
        int[] calls = {0};
        return (w, g, lr, step) -> {
            int k = calls[0]++ % SHAPES.length;
            boolean first = buffers[k] == null;
            if (first) {
                buffers[k] = new float[w.length];
            }
            float[] v = buffers[k];
            for (int i = 0; i < w.length; i++) {
                float d = g[i] + wd * w[i];
                if (momentum != 0f) {
                    v[i] = first ? d : momentum * v[i] + d;
                    d = v[i];
                }
                w[i] = w[i] - lr * d;
            }
        };
    }

    private static Reference adamReference(float b1, float b2, float eps, float wd) {
        float[][][] moments = new float[SHAPES.length][][];
        int[] calls = {0};
        return (w, g, lr, step) -> {
            int k = calls[0]++ % SHAPES.length;
            if (moments[k] == null) {
                moments[k] = new float[][] {new float[w.length], new float[w.length]};
            }
            float[] m = moments[k][0];
            float[] v = moments[k][1];
            float c2 = (float) (1 - Math.pow(b2, step));
            float rate = (float) (lr / (1 - Math.pow(b1, step)));
            for (int i = 0; i < w.length; i++) {
                float d = g[i] + wd * w[i];
                m[i] = b1 * m[i] + (1 - b1) * d;
                v[i] = b2 * v[i] + d * d * (1 - b2);
                float denom = (float) Math.sqrt(v[i] / c2) + eps;
                w[i] = w[i] - m[i] / denom * rate;
            }
        };
    }

    @Test
    void sgdWithMomentumAndWeightDecayFollowsPyTorchsFormula() {
        compare(m -> Optimizer.sgd(m, 0.9, 5e-4), sgdReference(0.9f, 5e-4f));
    }

    @Test
    void sgdWithMomentumOnlyFollowsPyTorchsFormula() {
        compare(m -> Optimizer.sgd(m, 0.8, 0), sgdReference(0.8f, 0f));
    }

    @Test
    void plainSgdAndSgdWithWeightDecayOnlyFollowTheFormula() {
        compare(m -> Optimizer.sgd(m, 0, 0), sgdReference(0f, 0f));
        compare(m -> Optimizer.sgd(m, 0, 0.01), sgdReference(0f, 0.01f));
    }

    @Test
    void adamFollowsTheFormulaWithAndWithoutWeightDecay() {
        compare(m -> Optimizer.adam(m, 0.9, 0.999, 1e-8, 0), adamReference(0.9f, 0.999f, 1e-8f, 0f));
        compare(m -> Optimizer.adam(m, 0.8, 0.99, 1e-3, 0.01), adamReference(0.8f, 0.99f, 1e-3f, 0.01f));
    }

    @Test
    void gradientsAreZeroAfterAStepEvenWhenTheyWereNotFinite() {
        try (NDManager manager = NDManager.newBaseManager();
                Optimizer sgd = Optimizer.sgd(manager, 0.9, 5e-4)) {
            PairList<String, Parameter> params = parameters(manager, new Random(1));
            float[][] grads = {
                {Float.NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Float.POSITIVE_INFINITY}, {1, 2, 3, 4, 5}
            };
            backward(params, grads);
            sgd.step(params, 0.1);
            for (int k = 0; k < params.size(); k++) {
                NDArray grad = params.get(k).getValue().getArray().getGradient();
                assertArrayEquals(new float[(int) SHAPES[k].size()], grad.toFloatArray(), 0f);
            }
        }
    }

    @Test
    void aStepDropsGradientsSoTheNextBackwardStartsFromNone() {
        try (NDManager manager = NDManager.newBaseManager();
                Optimizer sgd = Optimizer.sgd(manager, 0.9, 5e-4)) {
            Random rnd = new Random(3);
            PairList<String, Parameter> params = parameters(manager, rnd);
            NDArray before = params.get(0).getValue().getArray();
            float[] values = before.toFloatArray();
            backward(params, randomGradients(rnd));
            sgd.step(params, 0); // rate 0: the values stay, only the gradients go
            NDArray after = params.get(0).getValue().getArray();
            org.junit.jupiter.api.Assertions.assertNotSame(before, after);
            assertTrue(before.isReleased(), "the replaced array (and its gradient) is closed");
            assertArrayEquals(values, after.toFloatArray(), 0f);
            org.junit.jupiter.api.Assertions.assertNull(
                    ai.djl.pytorch.jni.JniUtils.getGradient((ai.djl.pytorch.engine.PtNDArray) after),
                    "no gradient buffer is kept between steps");
            float[][] next = randomGradients(rnd);
            backward(params, next);
            for (int k = 0; k < params.size(); k++) {
                assertArrayEquals(next[k], params.get(k).getValue().getArray().getGradient().toFloatArray(), 0f,
                        "the new gradient alone, not added to the old one");
            }
        }
    }

    @Test
    void weightsMadeFromJavaDataSurviveTheReleaseOfTheirOldArray() throws InterruptedException {
        // An array made from Java data (as a loaded checkpoint is) may use that data's direct buffer as
        // its storage; the array that replaces it must keep the buffer, or a collection frees the weights.
        int n = 1 << 20;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i % 977;
        }
        try (NDManager manager = NDManager.newBaseManager();
                Optimizer sgd = Optimizer.sgd(manager, 0, 0)) {
            NDArray w = manager.create(values, new ai.djl.ndarray.types.Shape(n));
            w.setRequiresGradient(true);
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            p.setArray(w);
            PairList<String, Parameter> params = new PairList<>();
            params.add("w", p);
            for (int step = 0; step < 3; step++) {
                try (NDManager sub = manager.newSubManager();
                        GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    collector.backward(p.getArray().sum());
                }
                sgd.step(params, 0);
            }
            for (int round = 0; round < 3; round++) {
                System.gc();
                Thread.sleep(50);
                for (int i = 0; i < 4; i++) {
                    java.nio.ByteBuffer garbage = java.nio.ByteBuffer.allocateDirect(4 * n);
                    while (garbage.hasRemaining()) {
                        garbage.putLong(0x7fc000007fc00000L);
                    }
                }
            }
            assertArrayEquals(values, p.getArray().toFloatArray(), 0f, "weights intact after collections");
        }
    }

    @Test
    void aRestoredStateContinuesExactlyLikeAnUninterruptedRun() {
        Random rnd = new Random(7);
        float[][][] grads = new float[RATES.length][][];
        for (int s = 0; s < RATES.length; s++) {
            grads[s] = randomGradients(rnd);
        }
        for (Function<NDManager, Optimizer> kind : List.<Function<NDManager, Optimizer>>of(
                m -> Optimizer.sgd(m, 0.9, 5e-4), m -> Optimizer.adam(m, 0.9, 0.999, 1e-8, 5e-4))) {
            try (NDManager manager = NDManager.newBaseManager()) {
                PairList<String, Parameter> straight = parameters(manager, new Random(3));
                PairList<String, Parameter> resumed = parameters(manager, new Random(3));
                try (Optimizer a = kind.apply(manager);
                        Optimizer b = kind.apply(manager);
                        Optimizer c = kind.apply(manager)) {
                    for (int s = 0; s < RATES.length; s++) {
                        backward(straight, grads[s]);
                        a.step(straight, RATES[s]);
                    }
                    for (int s = 0; s < 2; s++) {
                        backward(resumed, grads[s]);
                        b.step(resumed, RATES[s]);
                    }
                    c.loadState(b.saveState(manager));
                    assertEquals(2, c.steps());
                    for (int s = 2; s < RATES.length; s++) {
                        backward(resumed, grads[s]);
                        c.step(resumed, RATES[s]);
                    }
                }
                for (int k = 0; k < SHAPES.length; k++) {
                    assertArrayEquals(straight.get(k).getValue().getArray().toFloatArray(),
                            resumed.get(k).getValue().getArray().toFloatArray(), 0f);
                }
            }
        }
    }

    @Test
    void fusedUpdatesMatchTheElementWiseOnesTheyReplacedOverTwentySteps() {
        double[] rates = new double[20];
        for (int s = 0; s < rates.length; s++) {
            rates[s] = 0.01 + 0.02 * (s % 7); // changes every step, so a buffer kept at the wrong scale shows
        }
        againstElementWise(m -> Optimizer.sgd(m, 0.9, 5e-4), m -> new ElementWiseOptimizers.Sgd(m, 0.9, 5e-4), rates,
                0);
        againstElementWise(m -> Optimizer.adam(m, 0.9, 0.999, 1e-8, 5e-4),
                m -> new ElementWiseOptimizers.Adam(m, 0.9, 0.999, 1e-8, 5e-4), rates, 0);
        againstElementWise(m -> Optimizer.adam(m, 0.8, 0.99, 1e-3, 0.01),
                m -> new ElementWiseOptimizers.Adam(m, 0.8, 0.99, 1e-3, 0.01), rates, 0);
    }

    @Test
    void aCheckpointOfTheElementWiseSgdHoldingPlainMomentumResumesInTheFusedOne() {
        double[] rates = {0.1, 0.05, 0.2, 0.01, 0.3, 0.07};
        againstElementWise(m -> Optimizer.sgd(m, 0.9, 5e-4), m -> new ElementWiseOptimizers.Sgd(m, 0.9, 5e-4), rates,
                3);
    }

    /**
     * jyolo 0.8's SGD kept its buffers as {@code lr * v} with that rate saved beside them as
     * {@code __momentumScale__}; such a checkpoint resumes as if it held {@code v}.
     */
    @Test
    void aCheckpointWithScaledBuffersResumesLikeOneWithPlainMomentum() {
        double[] rates = {0.1, 0.05, 0.2, 0.01, 0.3, 0.07};
        float scale = (float) rates[2];
        againstElementWise(m -> Optimizer.sgd(m, 0.9, 5e-4), m -> new ElementWiseOptimizers.Sgd(m, 0.9, 5e-4), rates,
                3, saved -> {
                    NDList old = new NDList();
                    for (NDArray a : saved) {
                        NDArray b = a.getName().endsWith("/momentum") ? a.mul(scale) : a.duplicate();
                        b.setName(a.getName());
                        old.add(b);
                    }
                    NDArray s = saved.head().getManager().create(new float[] {scale});
                    s.setName("__momentumScale__");
                    old.add(s);
                    return old;
                });
    }

    @Test
    void aStepAtRateZeroKeepsTheWeightsAndStillAdvancesTheMomentum() {
        againstElementWise(m -> Optimizer.sgd(m, 0.9, 5e-4), m -> new ElementWiseOptimizers.Sgd(m, 0.9, 5e-4),
                new double[] {0, 0.1, 0, 0, 0.2}, 0);
    }

    /**
     * Runs {@code fused} and the element-wise {@code reference} on equal weights and gradients and
     * compares the weights after every step, to 1e-6 (relative above 1). With {@code handOver > 0}, the
     * fused optimizer starts from the reference's saved state after that many steps (an old checkpoint).
     */
    private static void againstElementWise(Function<NDManager, Optimizer> fused,
                                           Function<NDManager, Optimizer> reference, double[] rates, int handOver) {
        againstElementWise(fused, reference, rates, handOver, saved -> saved);
    }

    /** As above, the saved state handed over through {@code asSaved} (an older checkpoint format). */
    private static void againstElementWise(Function<NDManager, Optimizer> fused,
                                           Function<NDManager, Optimizer> reference, double[] rates, int handOver,
                                           java.util.function.UnaryOperator<NDList> asSaved) {
        Random rnd = new Random(5);
        try (NDManager manager = NDManager.newBaseManager();
                Optimizer a = fused.apply(manager);
                Optimizer b = reference.apply(manager)) {
            PairList<String, Parameter> mine = parameters(manager, new Random(9));
            PairList<String, Parameter> theirs = parameters(manager, new Random(9));
            for (int s = 0; s < rates.length; s++) {
                float[][] grads = randomGradients(rnd);
                backward(theirs, grads);
                b.step(theirs, rates[s]);
                if (s < handOver) {
                    copyWeights(theirs, mine);
                    if (s == handOver - 1) {
                        a.loadState(asSaved.apply(b.saveState(manager)));
                    }
                    continue;
                }
                backward(mine, grads);
                a.step(mine, rates[s]);
                for (int k = 0; k < SHAPES.length; k++) {
                    float[] expected = theirs.get(k).getValue().getArray().toFloatArray();
                    float[] actual = mine.get(k).getValue().getArray().toFloatArray();
                    for (int i = 0; i < actual.length; i++) {
                        assertEquals(expected[i], actual[i], 1e-6f * Math.max(1f, Math.abs(expected[i])),
                                "step " + (s + 1) + ", parameter " + k + ", element " + i);
                    }
                }
            }
            assertEquals(rates.length, a.steps());
        }
    }

    private static void copyWeights(PairList<String, Parameter> from, PairList<String, Parameter> to) {
        for (int k = 0; k < from.size(); k++) {
            to.get(k).getValue().getArray().set(new ai.djl.ndarray.index.NDIndex("..."),
                    from.get(k).getValue().getArray());
        }
    }

    /**
     * A parameter first updated at the run's third step (a backbone thawed after frozen epochs) gets
     * the bias correction of its own first, second, third update, as in PyTorch: it ends exactly where
     * a fresh Adam given the same gradients and rates ends, also across a save and restore.
     */
    @Test
    void adamCorrectsALateParameterByItsOwnUpdateCount() {
        Random rnd = new Random(11);
        float[][][] grads = new float[RATES.length][][];
        for (int s = 0; s < RATES.length; s++) {
            grads[s] = randomGradients(rnd);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            PairList<String, Parameter> late = parameters(manager, new Random(5));
            PairList<String, Parameter> fresh = parameters(manager, new Random(5));
            PairList<String, Parameter> firstOnly = new PairList<>();
            firstOnly.add(late.get(0));
            try (Optimizer a = Optimizer.adam(manager, 0.9, 0.999, 1e-8, 5e-4);
                    Optimizer restored = Optimizer.adam(manager, 0.9, 0.999, 1e-8, 5e-4);
                    Optimizer b = Optimizer.adam(manager, 0.9, 0.999, 1e-8, 5e-4)) {
                for (int s = 0; s < 2; s++) {
                    backward(firstOnly, grads[s]);
                    a.step(firstOnly, RATES[s]);
                }
                backward(late, grads[2]);
                a.step(late, RATES[2]);
                restored.loadState(a.saveState(manager));
                for (int s = 3; s < RATES.length; s++) {
                    backward(late, grads[s]);
                    restored.step(late, RATES[s]);
                }
                for (int s = 2; s < RATES.length; s++) {
                    backward(fresh, grads[s]);
                    b.step(fresh, RATES[s]);
                }
            }
            assertArrayEquals(fresh.get(1).getValue().getArray().toFloatArray(),
                    late.get(1).getValue().getArray().toFloatArray(), 0f);
        }
    }

    /**
     * Updating small parameters as one flat group gives bit for bit the weights and the saved state of
     * updating each alone, for every optimizer and with a parameter above the group limit among them,
     * across rate-0 steps and a save and restore; and a group is updated as one array (one momentum
     * update in libtorch's trace), not one per parameter.
     */
    @Test
    void groupedUpdatesEqualOneByOneUpdatesBitForBit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        double[] rates = {0.1, 0, 0.05, 0.2, 0, 0.01, 0.3, 0.07, 0.1, 0.02};
        List<Function<NDManager, Optimizer>> kinds = List.of(m -> Optimizer.sgd(m, 0.9, 5e-4),
                m -> Optimizer.sgd(m, 0, 5e-4), m -> Optimizer.adam(m, 0.9, 0.999, 1e-8, 5e-4));
        for (long limit : new long[] {FlatGroup.MAX_ELEMENTS, 10}) { // 10: the 3x4 parameter stays alone
            for (Function<NDManager, Optimizer> kind : kinds) {
                Random rnd = new Random(17);
                try (NDManager manager = NDManager.newBaseManager();
                        Optimizer grouped = kind.apply(manager).groupLimit(limit);
                        Optimizer alone = kind.apply(manager).groupLimit(0);
                        Optimizer restored = kind.apply(manager).groupLimit(limit);
                        Optimizer aloneRestored = kind.apply(manager).groupLimit(0)) {
                    PairList<String, Parameter> a = parameters(manager, new Random(2));
                    PairList<String, Parameter> b = parameters(manager, new Random(2));
                    Optimizer current = grouped;
                    Optimizer reference = alone;
                    for (int s = 0; s < rates.length; s++) {
                        float[][] grads = randomGradients(rnd);
                        backward(a, grads);
                        current.step(a, rates[s]);
                        backward(b, grads);
                        reference.step(b, rates[s]);
                        for (int k = 0; k < SHAPES.length; k++) {
                            assertArrayEquals(b.get(k).getValue().getArray().toFloatArray(),
                                    a.get(k).getValue().getArray().toFloatArray(), 0f,
                                    "limit " + limit + ", step " + (s + 1) + ", parameter " + k);
                        }
                        if (s == 4) { // a resumed run: the group is laid out again from the restored state
                            restored.loadState(grouped.saveState(manager));
                            current = restored;
                            aloneRestored.loadState(alone.saveState(manager));
                            reference = aloneRestored;
                        }
                    }
                    NDList saved = current.saveState(manager);
                    NDList expected = reference.saveState(manager);
                    assertEquals(expected.stream().map(NDArray::getName).toList(), saved.stream().map(NDArray::getName).toList(), "limit " + limit);
                    for (int i = 0; i < expected.size(); i++) {
                        assertEquals(expected.get(i).getName(), saved.get(i).getName());
                        assertEquals(expected.get(i).getShape(), saved.get(i).getShape());
                        assertArrayEquals(expected.get(i).toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                                .toDoubleArray(), saved.get(i).toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                                .toDoubleArray(), 0d, expected.get(i).getName());
                    }
                }
            }
        }
        // a group is updated as one array: libtorch's trace shows one momentum update (mul_) per group,
        // one per parameter without groups
        try (NDManager manager = NDManager.newBaseManager();
                Optimizer grouped = Optimizer.sgd(manager, 0.9, 0);
                Optimizer alone = Optimizer.sgd(manager, 0.9, 0).groupLimit(0)) {
            assertEquals(1, momentumUpdatesInAStep(grouped, manager, dir.resolve("grouped.json")));
            assertEquals(SHAPES.length, momentumUpdatesInAStep(alone, manager, dir.resolve("alone.json")));
        }
    }

    private static int momentumUpdatesInAStep(Optimizer optimizer, NDManager manager, java.nio.file.Path trace)
            throws java.io.IOException {
        PairList<String, Parameter> params = parameters(manager, new Random(4));
        Random rnd = new Random(5);
        backward(params, randomGradients(rnd));
        optimizer.step(params, 0.1); // the first step lays the group out
        backward(params, randomGradients(rnd));
        ai.djl.pytorch.jni.JniUtils.startProfile(false, false, false);
        optimizer.step(params, 0.1);
        ai.djl.pytorch.jni.JniUtils.stopProfile(trace.toString());
        return java.nio.file.Files.readString(trace).split("\"aten::mul_\"", -1).length - 1;
    }

    /** Runs the optimizer and the reference side by side on the same weights and gradients. */
    private static void compare(Function<NDManager, Optimizer> factory, Reference reference) {
        Random rnd = new Random(42);
        try (NDManager manager = NDManager.newBaseManager(); Optimizer optimizer = factory.apply(manager)) {
            PairList<String, Parameter> params = parameters(manager, rnd);
            float[][] expected = new float[SHAPES.length][];
            for (int k = 0; k < SHAPES.length; k++) {
                expected[k] = params.get(k).getValue().getArray().toFloatArray();
            }
            for (int s = 0; s < RATES.length; s++) {
                float[][] grads = randomGradients(rnd);
                backward(params, grads);
                optimizer.step(params, RATES[s]);
                for (int k = 0; k < SHAPES.length; k++) {
                    reference.step(expected[k], grads[k], (float) RATES[s], s + 1);
                    float[] actual = params.get(k).getValue().getArray().toFloatArray();
                    for (int i = 0; i < actual.length; i++) {
                        float tolerance = 1e-6f * Math.max(1f, Math.abs(expected[k][i]));
                        assertEquals(expected[k][i], actual[i], tolerance,
                                "step " + (s + 1) + ", parameter " + k + ", element " + i);
                    }
                }
            }
            assertEquals(RATES.length, optimizer.steps());
        }
    }

    private static PairList<String, Parameter> parameters(NDManager manager, Random rnd) {
        PairList<String, Parameter> params = new PairList<>();
        for (int k = 0; k < SHAPES.length; k++) {
            float[] values = new float[(int) SHAPES[k].size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) rnd.nextGaussian();
            }
            NDArray array = manager.create(values, SHAPES[k]);
            array.setRequiresGradient(true);
            Parameter p = Parameter.builder().setName("p" + k).setType(Parameter.Type.WEIGHT).build();
            p.setArray(array);
            params.add("p" + k, p);
        }
        return params;
    }

    private static float[][] randomGradients(Random rnd) {
        float[][] grads = new float[SHAPES.length][];
        for (int k = 0; k < SHAPES.length; k++) {
            grads[k] = new float[(int) SHAPES[k].size()];
            for (int i = 0; i < grads[k].length; i++) {
                grads[k][i] = (float) (rnd.nextGaussian() * 3);
            }
        }
        return grads;
    }

    /** Makes each parameter's gradient exactly {@code grads[k]}: backward of sum(w * c) gives c. */
    private static void backward(PairList<String, Parameter> params, float[][] grads) {
        try (NDManager sub = params.get(0).getValue().getArray().getManager().newSubManager();
                GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray total = null;
            for (int k = 0; k < params.size(); k++) {
                NDArray w = params.get(k).getValue().getArray();
                NDArray term = w.mul(sub.create(grads[k], SHAPES[k])).sum();
                total = total == null ? term : total.add(term);
            }
            collector.backward(total);
        }
    }
}
