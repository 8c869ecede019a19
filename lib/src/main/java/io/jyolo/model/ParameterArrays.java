package io.jyolo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.lang.reflect.Field;

/**
 * Gives a DJL {@link Parameter} another array after it was initialised, which DJL 0.36 has no call for
 * ({@code setArray} refuses an initialised parameter). Used to drop a gradient ({@code train.Gradients})
 * and to put kernels in another memory order ({@link ComputeLayout}). Where the field cannot be reached
 * (another DJL version), {@link #canInstall()} is false and callers keep the array they have.
 */
public final class ParameterArrays {

    private static final Field ARRAY = field(Parameter.class, "array", NDArray.class);

    private ParameterArrays() {
    }

    /** Whether {@link #install} works on this DJL version. */
    public static boolean canInstall() {
        return ARRAY != null;
    }

    /** Makes {@code array} the parameter's array; nothing else changes (name, gradient flag, the old array). */
    public static void install(Parameter parameter, NDArray array) {
        try {
            ARRAY.set(parameter, array);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("cannot replace the array of parameter " + parameter.getName(), e);
        }
    }

    /** The accessible field {@code name} of {@code owner} if it has type {@code type}, else null. */
    public static Field field(Class<?> owner, String name, Class<?> type) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f.getType() == type ? f : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
