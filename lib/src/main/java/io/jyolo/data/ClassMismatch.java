package io.jyolo.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Annotations of one folder that name classes the class list does not have: their objects are
 * skipped (a class list naming a subset trains on that subset), and this is the one message that
 * says so, instead of one warning per object.
 *
 * @param folder         the dataset folder whose annotations were read
 * @param classOrigin    where the class list came from
 * @param unknownObjects objects per class name that is not in the list
 */
public record ClassMismatch(Path folder, String classOrigin, Map<String, Integer> unknownObjects) {

    public ClassMismatch {
        unknownObjects = java.util.Collections.unmodifiableMap(new TreeMap<>(unknownObjects));
    }

    /** One line: which names, how many objects each, what happens to them and how to keep them. */
    public String message() {
        int objects = unknownObjects.values().stream().mapToInt(Integer::intValue).sum();
        String names = unknownObjects.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        return folder + ": the annotations name " + unknownObjects.size() + " class(es) that the class list ("
                + classOrigin + ") does not have: " + names + "; their " + objects
                + " object(s) are skipped (add the names to " + ClassFile.NAME + " to train on them)";
    }
}
