package io.jyolo.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimizers' updates as one small TorchScript program ({@code optimizer-updates.pt}, written by
 * {@code lib/src/main/torchscript/optimizer_updates.py}, whose source says what each method computes):
 * {@code torch.optim}'s multi-tensor ("foreach") SGD and Adam, op for op, over every parameter of a
 * step in one native call. On a GPU each of its lines is one fused kernel over all parameters, as in
 * {@code torch.optim}'s default there; on a CPU libtorch runs them parameter by parameter.
 *
 * <p>Why not DJL's calls: DJL 0.36 has no in-place op with a scale ({@code add_(x, alpha)},
 * {@code addcdiv_}), so an update written with NDArray calls makes more passes over memory than
 * {@code torch.optim}'s; its fused {@code sgdUpdate} also clones every gradient first, a fresh
 * allocation as large as the parameter on every step (for the original network's 205 M-weight layer,
 * 0.8 GB of new pages each step). The program overwrites the gradients instead (they are dropped
 * right after the update), and one call per step replaces one or more per parameter.
 *
 * <p>Owned by one optimizer and closed with its manager. The program holds no tensors, so it runs on
 * whatever device the arrays are on.
 */
final class UpdateScript implements AutoCloseable {

    static final String RESOURCE = "optimizer-updates.pt";

    private final PtSymbolBlock module;

    private UpdateScript(PtSymbolBlock module) {
        this.module = module;
    }

    /** Loads the program into {@code manager} (a PyTorch engine manager). */
    static UpdateScript load(NDManager manager) {
        if (!(manager instanceof PtNDManager pt)) {
            throw new IllegalStateException("the optimizer's updates need DJL's PyTorch engine, not "
                    + manager.getEngine().getEngineName());
        }
        try (InputStream in = UpdateScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource io/jyolo/train/" + RESOURCE
                        + " is missing from the class path (a broken jyolo build)");
            }
            return new UpdateScript(JniUtils.loadModule(pt, in, true, false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource io/jyolo/train/" + RESOURCE, e);
        }
    }

    /**
     * {@code torch.optim.SGD}: {@code g += wd * w; buf = momentum * buf + g; w -= lr * buf}, for each
     * {@code weights[i]} with {@code grads[i]} and {@code buffers[i]} (empty without momentum). A zero
     * buffer gives {@code buf = g}, PyTorch's first step. The gradients are overwritten.
     */
    void sgd(List<NDArray> weights, List<NDArray> grads, List<NDArray> buffers, double lr, double momentum,
             double weightDecay) {
        run("sgd", List.of(weights, grads, buffers), lr, momentum, weightDecay);
    }

    /**
     * {@code torch.optim.Adam} (not AMSGrad) for parameters at their own update count {@code step}
     * (this one included): moments {@code m, v} updated in place, bias-corrected step. The gradients
     * are overwritten.
     */
    void adam(List<NDArray> weights, List<NDArray> grads, List<NDArray> m, List<NDArray> v, double lr, double beta1,
              double beta2, double eps, double weightDecay, long step) {
        run("adam", List.of(weights, grads, m, v), lr, beta1, beta2, eps, weightDecay, step);
    }

    private void run(String method, List<List<NDArray>> lists, Object... scalars) {
        if (lists.get(0).isEmpty()) {
            return; // libtorch's multi-tensor ops refuse empty lists
        }
        List<IValue> args = new ArrayList<>();
        try {
            for (List<NDArray> list : lists) {
                args.add(IValue.listFrom(list.stream().map(a -> (PtNDArray) a).toArray(PtNDArray[]::new)));
            }
            for (Object s : scalars) {
                args.add(s instanceof Long l ? IValue.from(l) : IValue.from((Double) s));
            }
            IValueUtils.runMethod(module, method, args.toArray(IValue[]::new)).close();
        } finally {
            args.forEach(IValue::close);
        }
    }

    @Override
    public void close() {
        module.close();
    }
}
