package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.jyolo.data.Box;
import io.jyolo.data.VocAnnotation;
import io.jyolo.data.VocDataset;
import io.jyolo.data.VocObject;
import io.jyolo.data.VocXml;
import io.jyolo.eval.ClassAp;
import io.jyolo.model.Architecture;
import io.jyolo.notebook.RunEvaluation;
import io.jyolo.notebook.TinyRuns;
import io.jyolo.predict.Detection;
import io.jyolo.train.RunValidator;
import io.jyolo.train.Trainer;
import io.jyolo.train.Validation;
import io.jyolo.train.ValidationOptions;
import io.jyolo.train.ValidationProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's must-show: the Trainer's validation, {@code jyolo evaluate --run} and the notebook's
 * {@link RunEvaluation} give the same mAP, to the last digit, for the same run and split, and skip
 * and count an unreadable image of the split the same way.
 */
class SameMapTest {

    @TempDir
    Path dir;

    @Test
    void trainerCliAndNotebookGiveTheSameMapAndSkipTheSameCorruptImage() throws Exception {
        Path data = TinyRuns.dataset(dir.resolve("shapes"));
        Path valList = data.resolve("ImageSets/Main/val.txt");
        List<String> val = new ArrayList<>(Files.readAllLines(valList));
        byte[] jpeg = Files.readAllBytes(data.resolve("JPEGImages").resolve(val.get(0) + ".jpg"));
        Path broken = data.resolve("JPEGImages/broken.jpg");
        Files.write(broken, Arrays.copyOf(jpeg, jpeg.length / 2));
        Files.copy(data.resolve("Annotations").resolve(val.get(0) + ".xml"), data.resolve("Annotations/broken.xml"));
        val.add("broken");
        Files.write(valList, val);

        Path run = dir.resolve("run");
        try (Trainer t = Trainer.create(TinyRuns.config(data, 1).toBuilder().network(Architecture.FAST, 128)
                .histograms("off").build(), run)) {
            t.fit();
        }
        labelWithTheRunsOwnBestDetections(run, data);

        Validation trained;
        try (Trainer t = Trainer.resume(run)) {
            trained = t.validate();
        }
        assertTrue(trained.map() > 0 && trained.map() < 1, "equal scores say something when they are not round: "
                + trained.map());

        CliRun cli = CliRun.of("evaluate", "--run", run.toString(), "--data", data.toString(), "--split", "val", "--json");
        assertEquals(0, cli.code(), cli.err());
        String cliErr = cli.err();
        double cliMap = JsonParser.parseString(cli.out().strip()).getAsJsonObject().get("mAP").getAsDouble();

        RunEvaluation notebook = RunEvaluation.of(run, List.of(data), "val", 0);

        assertEquals(trained.map(), cliMap, "CLI against the Trainer's validation");
        assertEquals(trained.map(), notebook.result().map(), "notebook against the Trainer's validation");
        assertEquals(trained.eval().classAps().stream().map(ClassAp::toString).toList(),
                notebook.result().classAps().stream().map(ClassAp::toString).toList());
        assertEquals(trained.loss(), notebook.validation().loss());

        System.out.println("mAP on all three paths: " + trained.map());
        int readable = VocDataset.open(data, "val").size() - 1;
        for (Validation v : List.of(trained, notebook.validation())) {
            assertEquals(1, v.skipped());
            assertEquals(readable, v.images());
            assertEquals(1, v.unreadable().size());
            assertTrue(v.unreadable().get(0).startsWith(broken + ": corrupt JPEG"), v.unreadable().toString());
            assertFalse(v.truth().containsKey("broken") || v.detections().containsKey("broken"));
        }
        assertEquals(trained.unreadable(), notebook.unreadable());
        assertTrue(cliErr.contains("warning: skipped " + trained.unreadable().get(0)), cliErr);
        assertTrue(cliErr.contains("warning: 1 of " + (readable + 1) + " image(s) unreadable"), cliErr);
    }

    /**
     * Rewrites each readable validation image's annotation as the run's own most confident
     * detection there, plus a small star in the corner that nothing finds, so that after one epoch
     * of a tiny network the mAP is well above 0 and below 1.
     */
    private static void labelWithTheRunsOwnBestDetections(Path run, Path data) throws IOException {
        Map<String, List<Detection>> found;
        try (RunValidator validator = RunValidator.load(run, null, "cpu")) {
            VocDataset images = validator.split(List.of(data), "val", 0).images();
            found = validator.validate(images, ValidationOptions.defaults(), ValidationProgress.NONE).detections();
        }
        for (Map.Entry<String, List<Detection>> e : found.entrySet()) {
            Path xml = data.resolve("Annotations").resolve(e.getKey() + ".xml");
            VocAnnotation a = VocXml.read(xml);
            Detection best = e.getValue().get(0);
            VocXml.write(new VocAnnotation(a.filename(), a.width(), a.height(), a.depth(),
                    List.of(VocObject.of(best.className(), best.box()), VocObject.of("star", new Box(1, 1, 9, 9)))), xml);
        }
    }
}
