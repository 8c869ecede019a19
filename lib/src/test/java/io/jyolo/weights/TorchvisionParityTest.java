package io.jyolo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.jyolo.model.Architecture;
import io.jyolo.model.FeatureMaps;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opt-in: torchvision itself (a Python with torch 2.7.1, torchvision 0.22.1 and safetensors, passed
 * as {@code -Djyolo.torchvision.python=/abs/path/bin/python}, e.g. bench/venv's) builds a ResNet
 * with random weights, exports its {@code state_dict} and its backbone output on an input; jyolo
 * loads the file by name and must compute the same backbone output (conv1 to layer4, ImageNet
 * normalisation included): ResNet-18 within 1e-4 absolute (the issue's bar). ResNet-50's output
 * with random weights reaches a few hundred, where float32 summation order alone differs by more
 * than 1e-4, so it is held to 1e-5 of its largest value instead (a misplaced tensor is off by the
 * order of the values). Skips with the reason printed when no such Python is given.
 */
class TorchvisionParityTest extends EngineTest {

    private static final int SIZE = 128;
    private static final float ABSOLUTE = 1e-4f;
    private static final float RELATIVE = 1e-5f;

    private static Path python() {
        String property = System.getProperty("jyolo.torchvision.python", "");
        String reason = null;
        if (property.isBlank() || property.startsWith("${")) {
            reason = "system property jyolo.torchvision.python is not set";
        } else if (!Files.isExecutable(Path.of(property))) {
            reason = "jyolo.torchvision.python=" + property + " is not an executable file";
        }
        if (reason != null) {
            System.out.println("SKIPPED torchvision parity test: " + reason + " (pass"
                    + " -Djyolo.torchvision.python=/abs/path/bench/venv/bin/python with torchvision and safetensors)");
        }
        Assumptions.assumeTrue(reason == null, reason);
        return Path.of(property);
    }

    private static Path script() {
        Path script = Path.of(System.getProperty("basedir", ".")).resolve("src/test/python/torchvision_resnet.py");
        return Files.exists(script) ? script : Path.of("lib/src/test/python/torchvision_resnet.py");
    }

    private void export(Path python, String arch) throws IOException, InterruptedException {
        Path log = dir.resolve(arch + ".log");
        Process process = new ProcessBuilder(python.toString(), script().toString(), arch, String.valueOf(SIZE),
                dir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(arch + " export did not finish within 300 s");
        }
        assertEquals(0, process.exitValue(), "torchvision export failed: " + Files.readString(log));
        System.out.print(Files.readString(log));
    }

    /** {@code relative}: the tolerance scales with the largest output value, else it is absolute. */
    private void assertSameBackbone(Architecture architecture, String arch, boolean relative) throws Exception {
        Path python = python();
        export(python, arch);
        try (NDManager sub = manager.newSubManager()) {
            YoloNetwork net = YoloNetworks.create(ModelConfig.builder().architecture(architecture).inputSize(SIZE)
                    .classes(20).build()).initialize(sub);
            StateDictLoad load = TorchvisionWeights.load(dir.resolve(arch + ".safetensors"), net);
            SafetensorsFile io = SafetensorsFile.open(dir.resolve(arch + "-io.safetensors"));
            NDArray input = sub.create(io.floats("input"), new Shape(io.tensor("input").shape()));
            NDArray expected = sub.create(io.floats("layer4"), new Shape(io.tensor("layer4").shape()));

            FeatureMaps.FeatureMap layer4 = FeatureMaps.collect(net, input).stream()
                    .filter(m -> m.name().equals("layer4")).findFirst().orElseThrow();
            assertEquals(expected.getShape(), layer4.output().getShape());
            float maxDiff = layer4.output().sub(expected).abs().max().getFloat();
            float maxValue = expected.abs().max().getFloat();
            System.out.printf("torchvision parity %s: %d tensors loaded, %d ignored; layer4 %s, max |jyolo - torchvision|"
                    + " = %.3g (largest |value| %.3g)%n", arch, load.loaded().size(), load.ignored().size(),
                    expected.getShape(), maxDiff, maxValue);
            float tolerance = relative ? RELATIVE * maxValue : ABSOLUTE;
            assertTrue(maxDiff <= tolerance, arch + ": max abs difference " + maxDiff + " > " + tolerance);
        }
    }

    @Test
    void resnet18BackboneMatchesTorchvision() throws Exception {
        assertSameBackbone(Architecture.RESNET18, "resnet18", false);
    }

    @Test
    void resnet50BackboneMatchesTorchvision() throws Exception {
        assertSameBackbone(Architecture.RESNET50, "resnet50", true);
    }
}
