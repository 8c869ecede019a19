package io.jyolo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.data.Augmentation;
import io.jyolo.loss.ClassLoss;
import io.jyolo.model.Architecture;
import io.jyolo.model.OutputActivation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipes expand to the settings their sources give (SEED.md for {@code original}, the paper's
 * section 2.2 for {@code paper}), options set after them win, and a run keeps its recipe in
 * {@code config.json}.
 */
class RecipeTest {

    @TempDir
    Path data;

    /** An empty VOC folder whose class file lists three classes. */
    private String threeClasses() throws IOException {
        Files.createDirectories(data.resolve("JPEGImages"));
        Files.createDirectories(data.resolve("Annotations"));
        Files.write(data.resolve("classes.txt"), List.of("cat", "dog", "bird"));
        return data.toString();
    }

    @Test
    void originalIsTheSeedsNetworkOptimizerScheduleBudgetAndCheckpoints() throws IOException {
        TrainConfig c = TrainConfig.builder(threeClasses(), Recipe.ORIGINAL).build();
        assertEquals(Recipe.ORIGINAL, c.recipe());
        assertEquals(Architecture.ORIGINAL, c.model().architecture());
        assertEquals(448, c.model().inputSize());
        assertEquals(OutputActivation.SIGMOID, c.model().outputActivation());
        assertEquals(0.5f, c.model().dropout());
        assertEquals(ClassLoss.SQUARED_ERROR, c.loss().classLoss());
        assertEquals(OptimizerKind.SGD, c.optimizer());
        assertEquals(32, c.batchSize());
        assertEquals(0.9, c.momentum());
        assertEquals(Augmentation.paper(), c.augmentation());
        // 5e-3 and 5e-4 on a loss summed over 32 images: 32 times the rate, a 32nd of the decay on the mean
        assertEquals(5e-4 / 32, c.weightDecay(), 1e-15);
        // "2000 epochs per class"
        assertEquals(6000, c.epochs());
        // milestones 200, 400, 600, 20000, 30000 with factors 2.5, 2, 2, 0.1, 0.1, from 0.16
        LrSchedule s = c.schedule();
        assertEquals(0.16, s.rate(1), 1e-12);
        assertEquals(0.16, s.rate(199), 1e-12);
        assertEquals(0.4, s.rate(200), 1e-12);
        assertEquals(0.8, s.rate(400), 1e-12);
        assertEquals(1.6, s.rate(600), 1e-12);
        assertEquals(1.6, s.rate(19999), 1e-12);
        assertEquals(0.16, s.rate(20000), 1e-12);
        assertEquals(0.016, s.rate(30000), 1e-12);
        // every 100 epochs below 1000, every 1000 from there
        CheckpointPolicy k = c.checkpoints();
        assertTrue(k.keeps(100) && k.keeps(900) && k.keeps(1000) && k.keeps(3000));
        assertFalse(k.keeps(50) || k.keeps(1100) || k.keeps(1500));
        assertEquals(100, c.validateEvery());
    }

    @Test
    void paperIsSection22() {
        TrainConfig c = TrainConfig.builder(data.toString(), Recipe.PAPER).build();
        assertEquals(135, c.epochs());
        assertEquals(64, c.batchSize());
        assertEquals(OptimizerKind.SGD, c.optimizer());
        assertEquals(0.9, c.momentum());
        assertEquals(5e-4, c.weightDecay());
        assertEquals(0.5f, c.model().dropout());
        assertEquals(Augmentation.paper(), c.augmentation());
        LrSchedule s = c.schedule();
        assertEquals(1e-3, s.rate(1), 1e-12);
        assertTrue(s.rate(3) > s.rate(2) && s.rate(5) < 1e-2, "warm-up from 1e-3 towards 1e-2");
        assertEquals(1e-2, s.rate(6), 1e-12);
        assertEquals(1e-2, s.rate(75), 1e-12);
        assertEquals(1e-3, s.rate(76), 1e-12);
        assertEquals(1e-3, s.rate(105), 1e-12);
        assertEquals(1e-4, s.rate(106), 1e-12);
        assertEquals(1e-4, s.rate(135), 1e-12);
    }

    @Test
    void demoIsTheBuildersDefaultsAndFinetuneFreezesTheBackbone() {
        assertEquals(TrainConfig.builder(data.toString()).build(), TrainConfig.builder(data.toString(), Recipe.DEMO).build());
        TrainConfig f = TrainConfig.builder(data.toString(), Recipe.FINETUNE).build();
        assertEquals(3, f.freezeBackbone());
        assertTrue(f.backboneFrozen(3) && !f.backboneFrozen(4));
        assertEquals(1e-4, f.schedule().base());
        assertEquals(Augmentation.paper(), f.augmentation());
    }

    @Test
    void settingsGivenAfterTheRecipeWin() throws IOException {
        TrainConfig c = TrainConfig.builder(threeClasses(), Recipe.ORIGINAL).epochs(12).learningRate(0.01)
                .batchSize(8).network(Architecture.FAST_CONVOLUTIONAL, 128).optimizer(null).momentum((Double) null)
                .build();
        assertEquals(12, c.epochs());
        assertEquals(8, c.batchSize());
        assertEquals(Architecture.FAST_CONVOLUTIONAL, c.model().architecture());
        assertEquals(128, c.model().inputSize());
        assertEquals(OptimizerKind.SGD, c.optimizer(), "null leaves the recipe's");
        assertEquals(0.9, c.momentum(), "null leaves the recipe's");
        assertEquals(0.01, c.schedule().rate(1), 1e-12);
        assertEquals(0.025, c.schedule().rate(200), 1e-12, "the recipe's schedule, from the given rate");
        assertEquals(Recipe.ORIGINAL, c.recipe());
    }

    @Test
    void theRecipeIsRecordedAndAnOldConfigReadsAsDemo() {
        TrainConfig c = TrainConfig.builder(data.toString(), Recipe.PAPER).epochs(3).initFrom("/runs/a/best.ckpt")
                .freezeBackbone(2).build();
        TrainConfig read = TrainConfig.fromJson(c.toJson());
        assertEquals(c, read);
        assertTrue(c.toJson().contains("\"recipe\": \"PAPER\""), c.toJson());
        String old = c.toJson().replaceAll("\"recipe\": \"PAPER\",?", "").replaceAll("\"freezeBackbone\": 2,?", "")
                .replaceAll("\"initFrom\": \"/runs/a/best.ckpt\",?", "");
        TrainConfig before = TrainConfig.fromJson(old.replaceAll(",\\s*}\\s*$", "}"));
        assertEquals(Recipe.DEMO, before.recipe());
        assertEquals(0, before.freezeBackbone());
        assertEquals(null, before.initFrom());
    }

    @Test
    void anUnknownRecipeIsOneLineNamingTheChoices() {
        assertEquals(Recipe.FINETUNE, Recipe.parse(" FineTune "));
        assertEquals("unknown recipe 'yolo9000': use original, paper, finetune or demo",
                assertThrows(IllegalArgumentException.class, () -> Recipe.parse("yolo9000")).getMessage());
    }
}
