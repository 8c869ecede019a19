package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/** A trained network's weights as Java arrays, and how far two such sets are apart: the resume tests' yardstick. */
public final class NetworkWeights {

    private NetworkWeights() {
    }

    /** Every parameter of {@code trainer}'s network by name, copied to the host. */
    public static Map<String, float[]> of(Trainer trainer) {
        Map<String, float[]> w = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : trainer.network().getParameters()) {
            w.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return w;
    }

    /** The largest absolute difference between two sets of the same parameters. */
    public static double maxDifference(Map<String, float[]> a, Map<String, float[]> b) {
        assertEquals(a.keySet(), b.keySet());
        double max = 0;
        for (String k : a.keySet()) {
            float[] x = a.get(k);
            float[] y = b.get(k);
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }
}
