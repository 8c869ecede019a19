package io.jyolo.detect;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The sample clips in {@code <shared>/video}; a test using one is skipped, with a printed reason, when it is absent. */
public final class SharedClips {

    private SharedClips() {
    }

    /** {@code <shared>/video/<name>}. */
    public static Path clip(String name) {
        String prop = System.getProperty("jyolo.shared");
        Path shared = prop != null && !prop.isBlank() ? Path.of(prop)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared").normalize();
        Path clip = shared.resolve("video").resolve(name);
        if (!Files.isRegularFile(clip)) {
            System.out.println("SKIP: shared clip " + clip + " not found");
        }
        assumeTrue(Files.isRegularFile(clip), "shared clip " + clip + " not found");
        return clip;
    }
}
