package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jyolo.model.Architecture;
import io.jyolo.run.TrainConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line's defaults live in its option annotations and the library's in
 * {@link TrainConfig#builder(String)}: this keeps them one recipe, so {@code jyolo train}, a notebook
 * and {@code make train} train the same way unless told otherwise.
 */
class TrainCommandTest {

    @Test
    void optionsLeftOutGiveTheLibrarysDefaults(@TempDir Path data) throws Exception {
        TrainCommand command = parse("--data", data.toString(), "--run", data.resolve("run").toString());
        assertEquals(TrainConfig.builder(data.toString()).build(), command.config());
    }

    @Test
    void optionsGivenOverrideTheDefaults(@TempDir Path data) throws Exception {
        TrainConfig config = parse("--data", data.toString(), "--run", data.resolve("run").toString(),
                "--network", "fast", "--size", "256", "--epochs", "3", "--class-loss", "squared_error").config();
        TrainConfig defaults = TrainConfig.builder(data.toString()).build();
        assertEquals(Architecture.FAST, config.model().architecture());
        assertEquals(256, config.model().inputSize());
        assertEquals(3, config.epochs());
        assertNotEquals(defaults.loss(), config.loss());
        assertEquals(defaults.batchSize(), config.batchSize());
    }

    @Test
    void anUnknownNetworkIsOneLineNamingTheChoices(@TempDir Path data) {
        CliRun r = CliRun.of("train", "--data", data.toString(), "--run", data.resolve("run").toString(),
                "--network", "yolo9");
        assertEquals(2, r.code());
        assertEquals(true, r.errors().lines().anyMatch(l -> l.contains(
                "--network: unknown network 'yolo9': use one of original, fcn, fast, fast-conv")), r.errors());
        assertEquals(false, java.nio.file.Files.exists(data.resolve("run")));
    }

    private static TrainCommand parse(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
