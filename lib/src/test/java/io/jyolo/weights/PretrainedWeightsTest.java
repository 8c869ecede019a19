package io.jyolo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.jyolo.model.Architecture;
import io.jyolo.model.YoloNetwork;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PretrainedWeightsTest extends EngineTest {


    @Test
    void theFileSizeTellsTheImageNetBackboneFromTheWholeYoloV1() {
        assertEquals(DarknetBackbone.EXTRACTION, DarknetBackbone.forFile(Architecture.ORIGINAL,
                DarknetBackbone.EXTRACTION.floats()));
        assertEquals(DarknetBackbone.YOLOV1, DarknetBackbone.forFile(Architecture.FULLY_CONVOLUTIONAL,
                DarknetBackbone.YOLOV1.floats() + 12_345));
        // darknet.weights: seven convolutions and the 1000-class classifier, fewer floats than yolov1-tiny's eight
        long reference = DarknetBackbone.DARKNET_REFERENCE.floats() + 1000 + 1000 * 1024;
        assertTrue(reference < DarknetBackbone.YOLOV1_TINY.floats());
        assertEquals(DarknetBackbone.DARKNET_REFERENCE, DarknetBackbone.forFile(Architecture.FAST, reference));
        assertEquals(DarknetBackbone.YOLOV1_TINY, DarknetBackbone.forFile(Architecture.FAST_CONVOLUTIONAL,
                DarknetBackbone.YOLOV1_TINY.floats()));
    }

    @Test
    void aDarknetFileLoadsIntoFastAsTheBackboneItsSizeFits() throws IOException {
        try (NDManager sub = manager.newSubManager()) {
            YoloNetwork source = network(Architecture.FAST, sub);
            Path file = dir.resolve("yolov1-tiny.weights");
            DarknetFiles.write(file, 2, source, DarknetBackbone.YOLOV1_TINY.convolutions(), 1470);
            String summary = PretrainedWeights.load(file, network(Architecture.FAST_CONVOLUTIONAL, sub));
            assertTrue(summary.startsWith("loaded 8 yolov1-tiny convolutions of " + file), summary);
            assertTrue(summary.endsWith("stage1/conv1 ... stage7/conv8; 1470 trailing floats not used"), summary);
        }
    }

    @Test
    void theWrongKindOfFileForTheNetworkIsOneLine() {
        try (NDManager sub = manager.newSubManager()) {
            Path safetensors = dir.resolve("resnet18.safetensors");
            assertEquals(safetensors + ": FAST takes darknet .weights as its pretrained backbone",
                    assertThrows(WeightsFormatException.class,
                            () -> PretrainedWeights.load(safetensors, network(Architecture.FAST, sub))).getMessage());
            Path weights = dir.resolve("extraction.conv.weights");
            assertEquals(weights + ": RESNET18 takes a torchvision state_dict saved as .safetensors as its pretrained"
                    + " backbone", assertThrows(WeightsFormatException.class,
                            () -> PretrainedWeights.load(weights, network(Architecture.RESNET18, sub))).getMessage());
        }
    }
}
