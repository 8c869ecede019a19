package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.loss.ClassLoss;
import io.jyolo.model.Architecture;
import io.jyolo.model.OutputActivation;
import io.jyolo.run.CheckpointPolicy;
import io.jyolo.run.OptimizerKind;
import io.jyolo.run.Recipe;
import io.jyolo.model.InputNormalization;
import io.jyolo.notebook.TinyRuns;
import io.jyolo.run.Checkpoints;
import io.jyolo.run.RunFolder;
import io.jyolo.run.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void resnetNetworksTrainInImageNetsNormalisation(@TempDir Path data) throws Exception {
        TrainConfig config = parse("--data", data.toString(), "--run", data.resolve("run").toString(),
                "--network", "resnet50").config();
        assertEquals(Architecture.RESNET50, config.model().architecture());
        assertEquals(InputNormalization.IMAGENET, config.model().inputNormalization());
        assertEquals(Architecture.RESNET18, parse("--data", data.toString(), "--run", data.toString(),
                "--network", "ResNet-18").config().model().architecture());
    }

    @Test
    void anUnknownNetworkIsOneLineNamingTheChoices(@TempDir Path data) {
        CliRun r = CliRun.of("train", "--data", data.toString(), "--run", data.resolve("run").toString(),
                "--network", "yolo9");
        assertEquals(2, r.code());
        assertEquals(true, r.errors().lines().anyMatch(l -> l.contains(
                "--network: unknown network 'yolo9': use one of original, fcn, fast, fast-conv, resnet18, resnet34, resnet50")), r.errors());
        assertEquals(false, java.nio.file.Files.exists(data.resolve("run")));
    }

    @Test
    void resumeIfExistsStartsThenContinuesThenLeavesAFinishedRun(@TempDir Path dir) throws Exception {
        Path data = TinyRuns.dataset(dir.resolve("data"));
        Path run = dir.resolve("run");

        CliRun first = CliRun.of(tiny(data, run, 1, true));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("starting a new run in " + run), first.out());

        CliRun refused = CliRun.of(tiny(data, run, 2, false));
        assertEquals(2, refused.code());
        assertTrue(refused.errors().contains("--run " + run + " already holds a run (epoch 1): continue it with"
                + " 'jyolo resume " + run + "' or --resume-if-exists"), refused.errors());

        CliRun more = CliRun.of(tiny(data, run, 2, true));
        assertEquals(0, more.code(), more.err());
        assertTrue(more.out().contains(run + " already holds this run at epoch 1 of 2: continuing it"), more.out());
        assertEquals(2, newestEpoch(run));

        CliRun done = CliRun.of(tiny(data, run, 2, true));
        assertEquals(0, done.code(), done.err());
        assertTrue(done.out().contains("nothing to do: " + run + " is at epoch 2 of 2"), done.out());
        CliRun resumeDone = CliRun.of("resume", run.toString());
        assertEquals(0, resumeDone.code(), resumeDone.err());
        assertTrue(resumeDone.out().contains("nothing to do: " + run + " is at epoch 2 of 2"), resumeDone.out());
        assertEquals(2, newestEpoch(run));

        CliRun other = CliRun.of(tiny(data, run, 2, true)[0], "--size", "128", "--data", data.toString(), "--run",
                run.toString(), "--network", "fast", "--resume-if-exists");
        assertEquals(2, other.code());
        assertTrue(other.errors().contains("holds a run of FAST at 64 px"), other.errors());
    }

    /** Plain SGD at 1e-12 keeps the weights, so the mAP of epoch 1 is never beaten and patience 1 stops after epoch 2. */
    @Test
    void patienceStopsARunThatDoesNotImproveWithExitZeroAndResumeLeavesItStopped(@TempDir Path dir) throws Exception {
        Path data = TinyRuns.dataset(dir.resolve("data"));
        Path run = dir.resolve("run");
        CliRun stopped = CliRun.of("train", "--data", data.toString(), "--run", run.toString(), "--network", "fast",
                "--size", "64", "--epochs", "8", "--batch", "4", "--limit", "8", "--workers", "1", "--optimizer", "sgd",
                "--momentum", "0", "--weight-decay", "0", "--lr", "1e-12", "--schedule", "constant", "--patience", "1");
        assertEquals(0, stopped.code(), stopped.err());
        assertTrue(stopped.out().contains("stopped early after epoch 2: 1 validation(s) without a better mAP; best mAP"),
                stopped.out());
        assertEquals(2, newestEpoch(run));

        CliRun again = CliRun.of("resume", run.toString(), "--epochs", "10");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("already stopped early after epoch 2:"), again.out());
        assertTrue(again.out().contains("; not training further"), again.out());
        assertEquals(2, newestEpoch(run));

        // bug fixed: train --resume-if-exists announced "continuing it" before saying the run had stopped
        CliRun trainAgain = CliRun.of("train", "--data", data.toString(), "--run", run.toString(), "--network", "fast",
                "--size", "64", "--epochs", "8", "--resume-if-exists");
        assertEquals(0, trainAgain.code(), trainAgain.err());
        assertFalse(trainAgain.out().contains("continuing"), trainAgain.out());
        assertTrue(trainAgain.out().startsWith("nothing to do: " + run + " already stopped early after epoch 2:"),
                trainAgain.out());
        assertEquals(2, newestEpoch(run));
    }

    /** An empty VOC folder whose class file lists three classes. */
    private static Path threeClasses(Path data) throws IOException {
        Files.createDirectories(data.resolve("JPEGImages"));
        Files.createDirectories(data.resolve("Annotations"));
        Files.write(data.resolve("classes.txt"), List.of("cat", "dog", "bird"));
        return data;
    }

    @Test
    void aRecipeSetsTheStartAndOptionsGivenOverrideIt(@TempDir Path dir) throws Exception {
        String data = threeClasses(dir).toString();
        String run = dir.resolve("run").toString();
        assertEquals(TrainConfig.builder(data, Recipe.ORIGINAL).build(),
                parse("--data", data, "--run", run, "--recipe", "original").config());

        TrainConfig mine = parse("--data", data, "--run", run, "--recipe", "original", "--lr", "0.02", "--epochs", "7",
                "--optimizer", "adam", "--checkpoints", "every:5", "--freeze-backbone", "2", "--activation",
                "sigmoid_softmax", "--size", "128").config();
        assertEquals(Recipe.ORIGINAL, mine.recipe());
        assertEquals(7, mine.epochs());
        assertEquals(0.02, mine.schedule().rate(1), 1e-12);
        assertEquals(0.05, mine.schedule().rate(200), 1e-12, "the original's factors on the given rate");
        assertEquals(OptimizerKind.ADAM, mine.optimizer());
        assertEquals(CheckpointPolicy.every(5), mine.checkpoints());
        assertEquals(2, mine.freezeBackbone());
        assertEquals(OutputActivation.SIGMOID_SOFTMAX, mine.model().outputActivation());
        assertEquals(128, mine.model().inputSize());
        // what was not given stays the recipe's
        assertEquals(Architecture.ORIGINAL, mine.model().architecture());
        assertEquals(32, mine.batchSize());
        assertEquals(ClassLoss.SQUARED_ERROR, mine.loss().classLoss());

        CliRun unknown = CliRun.of("train", "--data", data, "--run", run, "--recipe", "yolo9000");
        assertEquals(2, unknown.code());
        assertTrue(unknown.errors().contains("--recipe: unknown recipe 'yolo9000': use original, paper, finetune or"
                + " demo"), unknown.errors());
    }

    /**
     * A run at 64 px starts a run at 128 px: Fast YOLO's convolutions are taken, its fully-connected
     * layer (another input size) starts afresh and is named, and the new run records where it started
     * and begins at epoch 1 with a fresh optimizer.
     */
    @Test
    void initFromTakesAnotherRunsWeightsAndSaysWhatStartedAfresh(@TempDir Path dir) throws Exception {
        Path data = TinyRuns.dataset(dir.resolve("data"));
        Path first = dir.resolve("first");
        assertEquals(0, CliRun.of(tiny(data, first, 1, false)).code());
        Path second = dir.resolve("second");
        CliRun r = CliRun.of("train", "--data", data.toString(), "--run", second.toString(), "--network", "fast",
                "--size", "128", "--epochs", "1", "--batch", "4", "--limit", "8", "--workers", "1", "--val-split", "none",
                "--init-from", first.toString());
        assertEquals(0, r.code(), r.err());
        Path from = new RunFolder(first).last();
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("init-from " + from + " (epoch 1): took ")
                && l.contains("2 freshly initialised because their shapes differ (another class count or input size):"
                + " head/fc/")), r.out());
        TrainConfig recorded = new RunFolder(second).readConfig();
        assertEquals(from.toString(), recorded.initFrom());
        Checkpoints.Loaded last = Checkpoints.read(new RunFolder(second).last());
        assertEquals(1, last.meta().epoch());
        assertEquals(2, last.meta().globalStep(), "a new optimizer: the first run's steps are not counted");

        CliRun missing = CliRun.of("train", "--data", data.toString(), "--run", dir.resolve("third").toString(),
                "--init-from", dir.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.errors().contains("--init-from " + dir.resolve("nowhere") + " does not exist"),
                missing.errors());
    }

    @Test
    void resumeContinuesOnTheDeviceItIsGiven(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jyolo.engine.Engines.get().getGpuCount() == 0,
                "needs a machine without a GPU, where asking for one must fail");
        Path data = TinyRuns.dataset(dir.resolve("data"));
        Path run = dir.resolve("run");
        List<String> first = new ArrayList<>(List.of(tiny(data, run, 1, false)));
        first.addAll(List.of("--device", "cpu"));
        assertEquals(0, CliRun.of(first.toArray(String[]::new)).code());

        CliRun onGpu = CliRun.of("resume", run.toString(), "--epochs", "2", "--device", "gpu");
        assertEquals(1, onGpu.code());
        assertTrue(onGpu.errors().startsWith("jyolo resume: device 'gpu' requested but the engine sees 0 GPU(s)"),
                onGpu.errors());
        assertEquals(1, newestEpoch(run), "nothing trained on a device that is not there");

        CliRun onCpu = CliRun.of("resume", run.toString(), "--epochs", "2", "--device", "cpu");
        assertEquals(0, onCpu.code(), onCpu.err());
        assertEquals(2, newestEpoch(run));
    }

    @Test
    void trainAndResumeTakeADeviceList(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.jyolo.engine.Engines.get().getGpuCount() == 0,
                "needs a machine without a GPU, where 'all' must fail");
        Path data = TinyRuns.dataset(dir.resolve("data"));
        Path run = dir.resolve("run");
        List<String> first = new ArrayList<>(List.of(tiny(data, run, 1, false)));
        first.addAll(List.of("--devices", "cpu,cpu"));
        CliRun two = CliRun.of(first.toArray(String[]::new));
        assertEquals(0, two.code(), two.err());
        assertTrue((two.out() + two.err()).contains("[cpu(), cpu()] (2 replicas)"), two.out());

        CliRun all = CliRun.of("resume", run.toString(), "--epochs", "2", "--devices", "all");
        assertEquals(1, all.code());
        assertTrue(all.errors().startsWith("jyolo resume: devices 'all' means every GPU, but the engine sees none"),
                all.errors());

        CliRun one = CliRun.of("resume", run.toString(), "--epochs", "2", "--devices", "cpu");
        assertEquals(0, one.code(), one.err());
        assertEquals(2, newestEpoch(run));
    }

    private static String[] tiny(Path data, Path run, int epochs, boolean resumeIfExists) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--run", run.toString(),
                "--network", "fast", "--size", "64", "--epochs", String.valueOf(epochs), "--batch", "4", "--limit", "8",
                "--workers", "1", "--schedule", "constant", "--val-split", "none"));
        if (resumeIfExists) {
            args.add("--resume-if-exists");
        }
        return args.toArray(String[]::new);
    }

    private static int newestEpoch(Path run) throws IOException {
        return Checkpoints.newestGood(new RunFolder(run).checkpoints(), new ArrayList<>()).orElseThrow().meta().epoch();
    }

    private static TrainCommand parse(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
