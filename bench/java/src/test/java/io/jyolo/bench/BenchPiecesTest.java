package io.jyolo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import ai.djl.Device;
import io.jyolo.model.Architecture;
import io.jyolo.model.OutputLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BenchPiecesTest {

    @Test
    void profileStepWritesATraceWithTheNetworksOps(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path trace = dir.resolve("sub/java.json");
        ProfileStep.Profiled profiled = ProfileStep.record(Options.parse(new String[] {"profile", "--arch", "fast",
                "--size", "128", "--batch", "2", "--warmup", "1", "--steps", "2"}), trace);
        double[] times = profiled.times();
        assertEquals(2, times.length);
        assertEquals(0, profiled.hostReads(), "the library's training step reads nothing back from the device");
        assertTrue(times[0] > 0 && times[1] > 0);
        String json = java.nio.file.Files.readString(trace);
        // every convolution of both profiled steps, forward and backward (warm-up steps are not recorded)
        int forward = json.split("\"aten::conv2d\"", -1).length - 1;
        int backward = json.split("\"ConvolutionBackward0\"", -1).length - 1;
        io.jyolo.model.YoloNetwork net = io.jyolo.model.YoloNetworks.create(io.jyolo.model.ModelConfig.builder()
                .architecture(Architecture.FAST).inputSize(128).classes(20).build());
        long convolutions = net.stages().stream().flatMap(s -> s.layerNames().stream())
                .filter(n -> n.startsWith("conv")).count();
        assertEquals(2 * convolutions, forward, "aten::conv2d events in " + trace);
        assertEquals(forward, backward, "ConvolutionBackward0 events in " + trace);
        // no op inside the step reads a scalar back to the host (libtorch's one_hot did, twice a step)
        assertEquals(0, json.split("\"aten::_local_scalar_dense\"", -1).length - 1, "host reads in " + trace);
        // BatchNorm calls libtorch's batch_norm directly (DJL's block swapped axes around it: 4 transposes per
        // layer and step); what transposes are left are the fully-connected layer's, each inside an aten::t
        assertEquals(json.split("\"aten::t\"", -1).length - 1, json.split("\"aten::transpose\"", -1).length - 1,
                "transposes outside aten::t in " + trace);
    }

    @Test
    void trainerMemoryReportGivesTheGrowthFromStep50To300() {
        long[] rss = new long[320];
        for (int i = 0; i < rss.length; i++) {
            rss[i] = 1024L * (i < 49 ? 900 : i < 299 ? 1000 : 1030); // MiB 1000 after step 50, 1030 after 300
        }
        String md = TrainerMemory.report(java.nio.file.Path.of("data/shapes"), rss, new long[320], new long[320], 16);
        assertTrue(md.contains("| 50 | 1000 |"), md);
        assertTrue(md.contains("| 300 | 1030 |"), md);
        assertTrue(md.contains("+3.0 %"), md);
        assertTrue(md.contains("between 1000 and 1030 MiB"), md);
    }

    @Test
    void trainerMemoryReportGivesTheGrowthAfterTheFirstEpochOnLongRuns() {
        long[] rss = new long[800];
        for (int i = 0; i < rss.length; i++) {
            rss[i] = 1024L * (i < 299 ? 1000 : i < 599 ? 1100 : 1111); // +1 % from step 300 to 800
        }
        String md = TrainerMemory.report(java.nio.file.Path.of("data/shapes"), rss, new long[800], new long[800], 16);
        assertTrue(md.contains("| 600 | 1111 |") && md.contains("| 800 | 1111 |"), md);
        assertTrue(md.contains("to step 800: +1.0 %"), md);
    }

    @Test
    void jsonWritesNestedValuesAndEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"b\"\n");
        m.put("times", new double[] {0.5, 1.25});
        m.put("rss", new long[] {3, 4});
        m.put("list", List.of(1, true));
        m.put("nan", Double.NaN);
        assertEquals("{\"name\":\"a \\\"b\\\"\\n\",\"times\":[0.500000000,1.25000000],\"rss\":[3,4],"
                + "\"list\":[1,true],\"nan\":null}", Json.write(m));
    }

    @Test
    void optionsParseKeyValuePairsAndRejectStrays() {
        Options o = Options.parse(new String[] {"train", "--arch", "fcn", "--batch", "4", "--split", "None"});
        assertEquals("train", o.caseName());
        assertEquals(4, o.integer("batch", 8));
        assertEquals(448, o.integer("size", 448));
        assertEquals(null, o.string("split", null));
        assertEquals(Architecture.FULLY_CONVOLUTIONAL, Architecture.parse(o.string("arch", "fast")));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"train", "--arch"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--arch", "fast"}));
        assertThrows(IllegalArgumentException.class, () -> Architecture.parse("yolov9"));
    }

    @Test
    void randomTargetsPlaceDistinctObjectsWithOneClassEach() {
        OutputLayout layout = OutputLayout.voc();
        float[] t = TrainStepCase.randomTargets(layout, 2, 3, new SplittableRandom(1));
        int channels = layout.targetChannels();
        int objects = 0;
        for (int cell = 0; cell < t.length / channels; cell++) {
            int base = cell * channels;
            if (t[base + OutputLayout.TARGET_OBJECT] == 1f) {
                objects++;
                float classes = 0;
                for (int c = 0; c < layout.classes(); c++) {
                    classes += t[base + OutputLayout.TARGET_CLASS + c];
                }
                assertEquals(1f, classes);
                assertTrue(t[base + 2] >= 0.1f && t[base + 2] <= 0.9f);
            }
        }
        assertEquals(6, objects);
    }

    /** The same count the PyTorch reference computes with forward hooks (3.216 GFLOPs, 27.1 M parameters). */
    @Test
    void fastYoloFlopsAndParametersMatchTheReference() {
        try (StepRig rig = new StepRig(Architecture.FAST, 448, 20, Device.cpu(), 7)) {
            assertEquals(3_216_030_720L, NetworkFlops.forward(rig.network(), rig.config().inputShape(1)));
            assertEquals(27_095_374L, rig.parameterCount());
        }
    }

    @Test
    void theTrainStepCaseRunsTheLibrarysStepAndTimesItsPhases() throws Exception {
        try (TrainStepCase c = new TrainStepCase(Architecture.FAST, 64, 2, Device.cpu(), 3)) {
            c.step();
            double first = c.lastLoss();
            c.step();
            assertTrue(Double.isFinite(first) && first > 0, "loss " + first);
            assertTrue(c.lastLoss() != first, "parameters did not change between steps");
            Map<String, Object> counters = c.counters();
            for (String phase : List.of("input_s", "forward_s", "loss_s", "backward_s", "optimizer_s")) {
                assertTrue((double) counters.get(phase) > 0, phase + " in " + counters);
            }
            assertEquals("io.jyolo.train.TrainingStep", c.info().get("timed_class"));
        }
        assertTrue(ProcessMemory.rssKib() > 0);
    }
}
