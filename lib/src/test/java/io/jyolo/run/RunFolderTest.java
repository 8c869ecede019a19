package io.jyolo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of {@code config.json}: what it returns, and the one line it fails with. */
class RunFolderTest {

    @Test
    void readsTheConfigurationTheTrainerWrote(@TempDir Path dir) throws IOException {
        TrainConfig config = TrainConfig.builder("data/shapes").epochs(4).seed(7).build();
        RunFolder run = new RunFolder(dir);
        Files.writeString(run.config(), config.toJson(), StandardCharsets.UTF_8);
        assertEquals(config, run.readConfig());
    }

    @Test
    void aMissingFolderOrFileNamesIt(@TempDir Path dir) {
        IOException missing = assertThrows(IOException.class, () -> new RunFolder(dir.resolve("nope")).readConfig());
        assertEquals(dir.resolve("nope") + ": run folder does not exist", missing.getMessage());
        IOException noConfig = assertThrows(IOException.class, () -> new RunFolder(dir).readConfig());
        assertEquals(dir + ": not a run folder (no config.json); create one with 'jyolo train'", noConfig.getMessage());
    }

    @Test
    void aDamagedFileIsOneLineNamingIt(@TempDir Path dir) throws IOException {
        RunFolder run = new RunFolder(dir);
        Files.writeString(run.config(), "{\"epochs\": \n\"many\"", StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, run::readConfig);
        assertTrue(e.getMessage().startsWith(run.config() + ": not a valid training configuration: "),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
