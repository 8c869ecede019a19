package io.jyolo.weights;

import ai.djl.ndarray.NDManager;
import io.jyolo.engine.Engines;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
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

    /** A small initialised network (64 px, 2 classes) of {@code architecture}. */
    static YoloNetwork network(Architecture architecture, NDManager owner) {
        return YoloNetworks.create(ModelConfig.builder().architecture(architecture).inputSize(64).classes(2).build())
                .initialize(owner);
    }
}
