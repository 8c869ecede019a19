package io.jyolo.weights;

import ai.djl.ndarray.NDManager;
import io.jyolo.engine.Engines;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The engine, a manager for the class's networks (each test takes a sub-manager) and a folder for files. */
abstract class EngineTest {

    static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        Engines.get();
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }
}
