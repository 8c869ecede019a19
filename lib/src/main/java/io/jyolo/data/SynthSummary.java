package io.jyolo.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one {@link SyntheticShapes} run produced, for the CLI's closing line and for notebooks.
 *
 * @param out            dataset folder
 * @param images         images written
 * @param objectsByClass objects per class name, in class order
 * @param truncated      objects flagged truncated
 * @param difficult      objects flagged difficult
 * @param train          images in {@code train.txt}
 * @param val            images in {@code val.txt}
 * @param test           images in {@code test.txt}
 * @param seconds        wall time of the run
 */
public record SynthSummary(Path out, int images, Map<String, Integer> objectsByClass, int truncated, int difficult,
                           int train, int val, int test, double seconds) {

    public SynthSummary {
        objectsByClass = Collections.unmodifiableMap(new LinkedHashMap<>(objectsByClass));
    }

    public int objects() {
        return objectsByClass.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One line: images, split, objects per class, flags, time. */
    public String line() {
        String perClass = objectsByClass.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT,
                "%d images (train %d, val %d, test %d), %d objects (%s; %d truncated, %d difficult) in %s, %.2f s",
                images, train, val, test, objects(), perClass, truncated, difficult, out, seconds);
    }
}
