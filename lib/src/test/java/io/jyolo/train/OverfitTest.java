package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.jyolo.data.Augmentation;
import io.jyolo.data.Preprocess;
import io.jyolo.data.Resize;
import io.jyolo.data.ResizeMode;
import io.jyolo.data.Sample;
import io.jyolo.data.VocDataset;
import io.jyolo.data.VocObject;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.predict.Decoder;
import io.jyolo.predict.Detection;
import io.jyolo.run.CheckpointPolicy;
import io.jyolo.run.LrSchedule;
import io.jyolo.run.OptimizerKind;
import io.jyolo.run.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain — real VOC images and XML, target encoding, network, loss, optimizer, decoding
 * back to original pixels — can memorise four real images: after training, decoding finds every
 * ground-truth object with the right class at IoU >= 0.5.
 */
class OverfitTest {

    private static final int SIZE = 192;

    @TempDir
    Path dir;

    static Path voc() {
        String p = System.getProperty("jyolo.shared");
        Path shared = p == null || p.isBlank() || p.contains("${") ? Path.of("../../shared") : Path.of(p);
        return shared.resolve("data/voc2012-sample");
    }

    @Test
    void fourRealImagesAreMemorised() throws IOException {
        Path voc = voc();
        assumeTrue(Files.isDirectory(voc), "skipped: " + voc + " is absent");
        VocDataset all = VocDataset.open(voc, null);
        int grid = SIZE / ModelConfig.NETWORK_STRIDE;
        // four images whose objects are all non-difficult, at most two, in distinct grid cells
        List<Sample> chosen = new ArrayList<>();
        for (Sample s : all.samples()) {
            if (s.objects().isEmpty() || s.objects().size() > 2 || s.objects().stream().anyMatch(VocObject::difficult)) {
                continue;
            }
            Set<Integer> cells = new HashSet<>();
            for (VocObject o : s.objects()) {
                int col = (int) Math.min(grid - 1, o.box().centreX() / s.width() * grid);
                int row = (int) Math.min(grid - 1, o.box().centreY() / s.height() * grid);
                cells.add(row * grid + col);
            }
            if (cells.size() == s.objects().size()) {
                chosen.add(s);
            }
            if (chosen.size() == 4) {
                break;
            }
        }
        assertEquals(4, chosen.size());
        Path data = dir.resolve("four");
        Files.createDirectories(data.resolve("JPEGImages"));
        Files.createDirectories(data.resolve("Annotations"));
        Files.copy(voc.resolve("classes.txt"), data.resolve("classes.txt"));
        for (Sample s : chosen) {
            Files.copy(s.imagePath(), data.resolve("JPEGImages").resolve(s.imagePath().getFileName()));
            Files.copy(voc.resolve("Annotations").resolve(s.id() + ".xml"), data.resolve("Annotations").resolve(s.id() + ".xml"));
        }

        TrainConfig config = TrainConfig.builder(data.toString()).trainSplit(null).valSplit(null)
                .model(ModelConfig.builder().architecture(Architecture.FAST).inputSize(SIZE).dropout(0f).build())
                .optimizer(OptimizerKind.ADAM).schedule(LrSchedule.constant(1e-3)).momentum(0.9).weightDecay(0)
                .augmentation(Augmentation.none()).batchSize(4).epochs(60).validateEvery(0)
                .checkpoints(CheckpointPolicy.every(0)).workers(2).seed(5).build();
        try (Trainer t = Trainer.create(config, dir.resolve("run"))) {
            TrainingResult r = t.fit();
            assertEquals(TrainingResult.Status.COMPLETED, r.status(), r.message());
            Decoder decoder = Decoder.builder(t.config().model().layout(), t.classes()).scoreThreshold(0.25f).build();
            int found = 0;
            int objects = 0;
            for (Sample s : chosen) {
                List<Detection> dets = detect(t, decoder, s);
                for (VocObject o : s.objects()) {
                    objects++;
                    boolean hit = dets.stream().anyMatch(d -> d.className().equals(o.name()) && d.box().iou(o.box()) >= 0.5f);
                    if (hit) {
                        found++;
                    } else {
                        System.out.println("missed " + o + " in " + s.id() + "; detections " + dets);
                    }
                }
            }
            System.out.printf("overfit: %d of %d objects recovered after %d epochs, final loss %.4f%n", found, objects,
                    r.epoch(), t.history().rows().get(t.history().rows().size() - 1).loss());
            assertEquals(objects, found);
        }
    }

    private static List<Detection> detect(Trainer t, Decoder decoder, Sample s) throws IOException {
        Resize geometry = Preprocess.geometry(s.readImage(), SIZE, ResizeMode.STRETCH);
        float[] input = Preprocess.toInput(s.readImage(), SIZE, ResizeMode.STRETCH);
        try (NDManager sub = t.manager().newSubManager()) {
            NDArray x = sub.create(input, t.config().model().inputShape(1));
            NDArray out = t.network().forward(t.parameterStore(), new NDList(x), false).singletonOrThrow();
            return decoder.decode(out, List.of(geometry)).get(0);
        }
    }
}
