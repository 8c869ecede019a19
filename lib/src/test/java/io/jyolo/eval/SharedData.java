package io.jyolo.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates /work/shared test data: the {@code jyolo.shared} property, else {@code ../shared} next to the project. */
public final class SharedData {

    private SharedData() {
    }

    /** {@code <shared>/data/<name>}, or skips the calling test with a printed reason when it is absent. */
    public static Path dataset(String name) {
        String prop = System.getProperty("jyolo.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().getParent().resolve("../shared");
        Path dir = shared.resolve("data").resolve(name).normalize();
        if (!Files.isDirectory(dir)) {
            System.out.println("skipping: shared data set not found at " + dir);
        }
        Assumptions.assumeTrue(Files.isDirectory(dir), "shared data set not found at " + dir);
        return dir;
    }
}
