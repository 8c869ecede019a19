package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.jyolo.data.Batch;
import io.jyolo.data.DataLoader;
import io.jyolo.data.Sample;
import io.jyolo.data.VocDataset;
import io.jyolo.data.VocObject;
import io.jyolo.engine.Engines;
import io.jyolo.eval.ApMethod;
import io.jyolo.eval.EvalResult;
import io.jyolo.eval.VocEvaluator;
import io.jyolo.predict.Decoder;
import io.jyolo.predict.Detection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detect over a split and score it: the same numbers as doing it by hand, and unreadable images a counted skip. */
class ValidatorTest {

    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void dataset() throws IOException {
        data = TinyNetwork.shapes(dir.resolve("shapes"), 30);
    }

    @Test
    void scoresEveryImageAsDetectingAndEvaluatingByHandDoes() throws IOException {
        Engines.disableGradientsOnThisThread();
        VocDataset val = VocDataset.builder(data).split("val").build();
        try (TinyNetwork n = new TinyNetwork(val.classes().size()); DataLoader loader = n.loader(val, 2, true)) {
            Validation v = new Validator(n.network, n.manager, n.loss, n.model.layout(), val.classes()).validate(loader);
            assertEquals(val.size(), v.images());
            assertEquals(0, v.skipped());
            assertEquals(val.size(), v.loss().images());

            Decoder decoder = Decoder.builder(n.model.layout(), val.classes()).scoreThreshold(ValidationOptions.SCORE_THRESHOLD)
                    .build();
            Map<String, List<Detection>> found = new LinkedHashMap<>();
            LossTotals sums = LossTotals.ZERO;
            try (DataLoader.Epoch e = loader.epoch(1)) {
                for (Batch b : e) {
                    try (NDManager sub = n.manager.newSubManager()) {
                        NDList x = b.toNDList(sub);
                        NDArray out = n.network.forward(new ai.djl.training.ParameterStore(n.manager, false),
                                new NDList(x.get(0)), false).singletonOrThrow();
                        sums = sums.plus(n.loss.compute(out, x.get(1)).parts(), b.size());
                        List<List<Detection>> d = decoder.decode(out, b.geometries());
                        for (int i = 0; i < b.size(); i++) {
                            found.put(b.ids().get(i), d.get(i));
                        }
                    }
                }
            }
            Map<String, List<VocObject>> truth = new LinkedHashMap<>();
            val.samples().forEach(s -> truth.put(s.id(), s.objects()));
            EvalResult byHand = VocEvaluator.builder().iou(0.5).method(ApMethod.ALL_POINT).classes(val.classes())
                    .build().evaluate(truth, found);
            assertEquals(byHand.map(), v.map());
            assertEquals(sums, v.loss());
            assertEquals(found, v.detections());
        }
    }

    @Test
    void anUnreadableImageIsLeftOutCountedAndTheRestScored() throws IOException {
        Engines.disableGradientsOnThisThread();
        Path broken = dir.resolve("broken");
        TinyNetwork.shapes(broken, 30);
        VocDataset val = VocDataset.builder(broken).split("val").build();
        Sample bad = val.samples().get(0);
        Files.write(bad.imagePath(), new byte[] {1, 2, 3, 4});
        try (TinyNetwork n = new TinyNetwork(val.classes().size())) {
            Validator validator = new Validator(n.network, n.manager, n.loss, n.model.layout(), val.classes());
            try (DataLoader lenient = n.loader(val, 2, false)) {
                Validation v = validator.validate(lenient);
                assertEquals(1, v.skipped());
                assertEquals(val.size() - 1, v.images());
                assertEquals(val.size() - 1, v.loss().images());
                assertFalse(v.detections().containsKey(bad.id()));
            }
            try (DataLoader strict = n.loader(val, 2, true)) {
                assertThrows(RuntimeException.class, () -> validator.validate(strict));
            }
        }
    }

    @Test
    void progressCountsEveryImageAndAnInterruptStopsThePassWithTheFlagCleared() throws IOException {
        Engines.disableGradientsOnThisThread();
        VocDataset val = VocDataset.builder(data).split("val").build();
        try (TinyNetwork n = new TinyNetwork(val.classes().size()); DataLoader loader = n.loader(val, 2, true)) {
            Validator validator = new Validator(n.network, n.manager, n.loss, n.model.layout(), val.classes());
            List<Integer> done = new ArrayList<>();
            validator.validate(loader, (d, total) -> {
                assertEquals(val.size(), total);
                done.add(d);
            });
            List<Integer> expected = new ArrayList<>();
            for (int d = 2; d < val.size() + 2; d += 2) {
                expected.add(Math.min(d, val.size()));
            }
            assertEquals(expected, done);

            Thread.currentThread().interrupt();
            ValidationInterruptedException before = assertThrows(ValidationInterruptedException.class,
                    () -> validator.validate(loader));
            assertEquals(0, before.imagesDone());
            assertFalse(Thread.currentThread().isInterrupted(), "the pass clears the flag it reports");

            ValidationInterruptedException after = assertThrows(ValidationInterruptedException.class,
                    () -> validator.validate(loader, (d, total) -> Thread.currentThread().interrupt()));
            assertEquals("evaluation interrupted after 2 of " + val.size() + " images", after.getMessage());
            assertFalse(Thread.currentThread().isInterrupted());
        }
    }

    @Test
    void theOptionsSetThresholdIouMethodAndTheClassesScored() throws IOException {
        Engines.disableGradientsOnThisThread();
        VocDataset val = VocDataset.builder(data).split("val").build();
        String scored = val.classes().get(1);
        ValidationOptions options = ValidationOptions.builder().scoreThreshold(0.05f).iou(0.3).method(ApMethod.VOC07)
                .classes(List.of(scored)).build();
        try (TinyNetwork n = new TinyNetwork(val.classes().size()); DataLoader loader = n.loader(val, 2, true)) {
            Validation v = new Validator(n.network, n.manager, n.loss, n.model.layout(), val.classes(), options)
                    .validate(loader);
            assertEquals(0.3, v.eval().iou());
            assertEquals(ApMethod.VOC07, v.eval().method());
            assertEquals(List.of(scored), v.eval().classAps().stream().map(c -> c.className()).toList(),
                    v.eval().toText());
            assertTrue(v.detections().values().stream().flatMap(List::stream).allMatch(d -> d.score() >= 0.05f));
        }
    }
}
