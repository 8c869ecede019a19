package io.jyolo.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * The memory order a network computes in: on a CPU, channels-last (NHWC in memory, the shape still
 * N x C x H x W); elsewhere, the input's own order.
 *
 * <p>Why: libtorch's CPU convolutions run in oneDNN, which works in a channels-interleaved format. An
 * NCHW tensor is reordered into that format before every convolution and back after it, and
 * libtorch's NCHW max-pool is a scalar loop; with channels-last input neither happens, and every
 * layer after the first keeps the order (convolution, BatchNorm, LeakyReLU and max-pool all return
 * the order they are given). Only the layout in memory changes: shapes, values up to the order of
 * float sums, gradients, parameters and checkpoints are those of NCHW, and the fully-connected heads'
 * (H, W, C) flatten becomes a view instead of a copy. The gain is in {@code bench/results}. On a GPU
 * the order is left as it is: cuDNN's choice there is unmeasured.
 *
 * <p>The input is copied once into the new order; it does not require a gradient (images), so the
 * copy costs no backward. Set the system property {@code jyolo.channelsLast=false} to compute in NCHW
 * (the benchmarks' A/B switch). Kernels: see {@link #orderKernels} and the optimizer's {@code WeightLayout}.
 */
public final class ComputeLayout {

    private static final boolean CHANNELS_LAST =
            !"false".equalsIgnoreCase(System.getProperty("jyolo.channelsLast", "true"));

    private ComputeLayout() {
    }

    /** Whether {@code input} would be reordered: a 4-d array on a CPU, with the switch on. */
    public static boolean reorders(NDArray input) {
        return CHANNELS_LAST && input.getShape().dimension() == 4
                && Device.Type.CPU.equals(input.getDevice().getDeviceType());
    }

    /**
     * Puts every convolution kernel (4-d parameter) of {@code network} in the order it computes in, for a
     * network that only infers (a run loaded for detection): libtorch would otherwise reorder each kernel in
     * every forward pass. Values are unchanged. A network being trained keeps its kernels as the optimizer
     * lays them out (its {@code WeightLayout}), so this is not for it. Does nothing where {@link #of} reorders
     * nothing or DJL's parameter cannot take another array.
     *
     * @return {@code network}
     */
    public static YoloNetwork orderKernels(YoloNetwork network) {
        for (Pair<String, Parameter> p : network.getParameters()) {
            orderKernel(p.getValue());
        }
        return network;
    }

    /**
     * Gives {@code parameter} a copy of its array in the order the network computes in, when that array
     * is one {@link #of} reorders (a 4-d kernel on a CPU): same name and values, requiring a gradient if
     * the parameter does; the old array (and any gradient) is closed. The optimizer's {@code WeightLayout}
     * and {@link #orderKernels} both come here.
     *
     * @return the parameter's new array, or null when it was left as it is
     */
    public static NDArray orderKernel(Parameter parameter) {
        if (!ParameterArrays.canInstall() || !parameter.isInitialized() || !reorders(parameter.getArray())) {
            return null;
        }
        NDArray old = parameter.getArray();
        NDArray ordered;
        try (NDArray detached = old.stopGradient()) {
            ordered = of(detached);
        }
        ordered.setName(old.getName());
        if (parameter.requiresGradient()) {
            ordered.setRequiresGradient(true);
        }
        ParameterArrays.install(parameter, ordered);
        old.close();
        return ordered;
    }

    /**
     * {@code input} (N x C x H x W) in the order the network computes in: a channels-last copy in
     * {@code input}'s manager, or {@code input} itself when nothing is reordered.
     */
    public static NDArray of(NDArray input) {
        if (!reorders(input)) {
            return input;
        }
        Shape s = input.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        // permute to N x H x W x C (a view), then a reshape that cannot be a view copies it in that
        // order; viewed back as N x C x H x W, the strides are channels-last
        try (NDArray nhwc = input.transpose(0, 2, 3, 1);
             NDArray packed = nhwc.reshape(n, h * w * c);
             NDArray unpacked = packed.reshape(n, h, w, c)) {
            return unpacked.transpose(0, 3, 1, 2);
        }
    }
}
