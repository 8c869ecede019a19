package io.jyolo.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * BatchNorm over the channel axis of NCHW (or NC) input: DJL's {@code ai.djl.nn.norm.BatchNorm}
 * with the same parameters, the same defaults (momentum 0.9 in DJL's sense, epsilon 1e-5) and the
 * same results, minus two libtorch calls per layer and step.
 *
 * <p>Why not DJL's block: on the PyTorch engine it swaps the channel axis to position 1 before
 * libtorch's {@code batch_norm} and back after it, even when the channel axis already is 1; those
 * are two {@code transpose} ops in the forward pass and two more in the backward pass, per layer.
 * This block calls libtorch's {@code batch_norm} directly on that engine (on another engine it
 * falls back to DJL's operator, axis 1).
 *
 * <p>Why the same simple name: DJL names a layer after its block's class ({@code 02BatchNorm_gamma}),
 * and checkpoints, TensorBoard tags and the weight loaders use those names, so they stay as they were.
 */
public final class BatchNorm extends AbstractBlock {

    private static final byte VERSION = 2;
    /** DJL's BatchNorm defaults: running = momentum * running + (1 - momentum) * batch. */
    private static final float MOMENTUM = 0.9f;
    private static final float EPSILON = 1e-5f;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private long inChannels;

    /** A BatchNorm layer whose channel count is taken from its input at initialisation. */
    public BatchNorm() {
        super(VERSION);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean")
                .setType(Parameter.Type.RUNNING_MEAN).optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar")
                .setType(Parameter.Type.RUNNING_VAR).optRequiresGrad(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray g = store.getValue(gamma, input.getDevice(), training);
        NDArray b = store.getValue(beta, input.getDevice(), training);
        NDArray mean = store.getValue(runningMean, input.getDevice(), training);
        NDArray var = store.getValue(runningVar, input.getDevice(), training);
        if (input instanceof PtNDArray x && g instanceof PtNDArray pg && b instanceof PtNDArray pb
                && mean instanceof PtNDArray pm && var instanceof PtNDArray pv) {
            // libtorch's momentum weighs the batch; the float subtraction is the one DJL's engine makes
            return new NDList(JniUtils.batchNorm(x, pm, pv, pg, pb, training, 1f - MOMENTUM, EPSILON));
        }
        return ai.djl.nn.norm.BatchNorm.batchNorm(input, mean, var, g, b, 1, MOMENTUM, EPSILON, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        inChannels = inputShapes[0].get(1);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        for (Parameter p : new Parameter[] {gamma, beta, runningMean, runningVar}) {
            p.setShape(new Shape(inChannels));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(inChannels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("Unsupported BatchNorm encoding version: " + loadVersion);
        }
        readInputShapes(is);
        inChannels = is.readLong();
    }
}
