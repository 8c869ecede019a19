package io.jyolo.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates the read-only shared data folder for tests, skipping them (with a reason) when it is absent. */
final class SharedData {

    private SharedData() {
    }

    /** {@code <shared>/data/<name>}, or a skipped test when it is not there. */
    static Path dataset(String name) {
        String prop = System.getProperty("jyolo.shared");
        Path shared = prop != null && !prop.isBlank()
                ? Path.of(prop)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared");
        Path dir = shared.resolve("data").resolve(name).normalize();
        if (!Files.isDirectory(dir)) {
            String reason = "shared dataset " + dir + " is absent; skipping";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        return dir;
    }
}
