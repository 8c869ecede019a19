package io.jyolo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.jyolo.model.Architecture;
import io.jyolo.model.YoloNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DarknetWeightsTest extends EngineTest {

    /** The reference network's 1000-class 1x1 classifier: biases and kernels, no BatchNorm. */
    private static final int REFERENCE_CLASSIFIER_FLOATS = 1000 + 1000 * 1024;


    private static void assertUnitsEqual(BackboneConvolutions.Unit expected, BackboneConvolutions.Unit actual) {
        String name = actual.name();
        assertArrayEquals(expected.kernel().getArray().toFloatArray(), actual.kernel().getArray().toFloatArray(),
                name + " kernels");
        assertArrayEquals(expected.gamma().getArray().toFloatArray(), actual.gamma().getArray().toFloatArray(),
                name + " scales");
        assertArrayEquals(expected.beta().getArray().toFloatArray(), actual.beta().getArray().toFloatArray(),
                name + " biases");
        assertArrayEquals(expected.mean().getArray().toFloatArray(), actual.mean().getArray().toFloatArray(),
                name + " running means");
        // stored so that DJL's sqrt(var + 1e-5) is darknet's sqrt(var) + 1e-6
        float[] darknet = expected.variance().getArray().toFloatArray();
        float[] loaded = actual.variance().getArray().toFloatArray();
        assertArrayEquals(DarknetWeights.jyoloVariances(darknet), loaded, name + " running variances");
        for (int i = 0; i < darknet.length; i++) {
            assertEquals(Math.sqrt(darknet[i]) + 1e-6, Math.sqrt(loaded[i] + 1e-5), 1e-6 * Math.sqrt(darknet[i]),
                    name + " divisor " + i);
        }
    }

    /** A random {@code from} network written as {@code backbone}, loaded into a fresh {@code into}. */
    private record RoundTrip(YoloNetwork source, YoloNetwork target, DarknetLoad load) {
    }

    private RoundTrip roundTrip(NDManager sub, Architecture from, Architecture into, DarknetBackbone backbone,
            int minor, int trailing) throws IOException {
        YoloNetwork source = network(from, sub);
        DarknetFiles.randomise(source, from.ordinal() * 31L + into.ordinal());
        Path file = dir.resolve(backbone.cliName() + ".weights");
        DarknetFiles.write(file, minor, source, backbone.convolutions(), trailing);
        YoloNetwork target = network(into, sub);
        return new RoundTrip(source, target, DarknetWeights.load(file, backbone, target));
    }

    @Test
    void referenceNetworkFillsFastConv1To7AndCountsTheClassifierAsTrailing() throws IOException {
        try (NDManager sub = manager.newSubManager()) {
            RoundTrip trip = roundTrip(sub, Architecture.FAST, Architecture.FAST_CONVOLUTIONAL,
                    DarknetBackbone.DARKNET_REFERENCE, 2, REFERENCE_CLASSIFIER_FLOATS);
            DarknetLoad load = trip.load();
            List<BackboneConvolutions.Unit> expected = BackboneConvolutions.of(trip.source());
            List<BackboneConvolutions.Unit> actual = BackboneConvolutions.of(trip.target());
            for (int i = 0; i < 7; i++) {
                assertUnitsEqual(expected.get(i), actual.get(i));
            }
            assertFalse(Arrays.equals(expected.get(7).kernel().getArray().toFloatArray(),
                    actual.get(7).kernel().getArray().toFloatArray()), "conv8 is not darknet's");
            assertEquals(REFERENCE_CLASSIFIER_FLOATS, load.trailingFloats());
            assertEquals(List.of("stage1/conv1", "stage2/conv2", "stage3/conv3", "stage4/conv4", "stage5/conv5",
                    "stage6/conv6", "stage7/conv7"), load.layers());
            assertEquals(new DarknetHeader(0, 2, 0, 123_456_789_012L), load.header());
            assertTrue(load.summary().contains("1025000 trailing floats not used"), load.summary());
        }
    }

    @Test
    void tinyYoloV1FillsAllEightConvolutionsFromAnOldHeader() throws IOException {
        try (NDManager sub = manager.newSubManager()) {
            RoundTrip trip = roundTrip(sub, Architecture.FAST_CONVOLUTIONAL, Architecture.FAST,
                    DarknetBackbone.YOLOV1_TINY, 1, 0);
            DarknetLoad load = trip.load();
            for (int i = 0; i < 8; i++) {
                assertUnitsEqual(BackboneConvolutions.of(trip.source()).get(i),
                        BackboneConvolutions.of(trip.target()).get(i));
            }
            assertEquals(0, load.trailingFloats());
            assertTrue(load.batchNorm());
            assertEquals(new DarknetHeader(0, 1, 0, 1234), load.header());
            assertEquals(16, load.header().bytes());
        }
    }

    @Test
    void extractionWithoutBatchNormPutsTheBiasIntoAnIdentityBatchNorm() throws IOException {
        try (NDManager sub = manager.newSubManager()) {
            RoundTrip trip = roundTrip(sub, Architecture.ORIGINAL, Architecture.FULLY_CONVOLUTIONAL,
                    DarknetBackbone.EXTRACTION, 0, 0);
            assertEquals(16 + 4L * DarknetBackbone.EXTRACTION.floats(), Files.size(dir.resolve("extraction.weights")));
            DarknetLoad load = trip.load();

            assertEquals(20, load.layers().size());
            assertFalse(load.batchNorm(), "extraction.cfg has no batch_normalize");
            assertEquals("stage5/conv20", load.layers().get(19));
            List<BackboneConvolutions.Unit> expected = BackboneConvolutions.of(trip.source());
            List<BackboneConvolutions.Unit> actual = BackboneConvolutions.of(trip.target());
            for (int i = 0; i < 20; i++) {
                BackboneConvolutions.Unit unit = actual.get(i);
                assertArrayEquals(expected.get(i).kernel().getArray().toFloatArray(),
                        unit.kernel().getArray().toFloatArray(), unit.name());
                assertArrayEquals(expected.get(i).beta().getArray().toFloatArray(),
                        unit.beta().getArray().toFloatArray(), unit.name());
                float[] ones = new float[Math.toIntExact(unit.gamma().getArray().size())];
                Arrays.fill(ones, 1f);
                assertArrayEquals(ones, unit.gamma().getArray().toFloatArray(), unit.name());
                assertEquals(0f, unit.mean().getArray().abs().max().getFloat(), unit.name());
                // the normalisation is the identity: sqrt(var + eps) == 1
                assertTrue(unit.variance().getArray().add(DarknetWeights.BATCH_NORM_EPSILON).sqrt().sub(1f).abs()
                        .max().getFloat() < 1e-7f, unit.name());
            }
            assertFalse(Arrays.equals(expected.get(20).kernel().getArray().toFloatArray(),
                    actual.get(20).kernel().getArray().toFloatArray()), "conv21 is not Extraction's");
        }
    }

    @Test
    void tinyDarknetVariancesBecomeZeroNotNegative() {
        float[] variances = DarknetWeights.jyoloVariances(new float[] {0f, 1e-12f, 4f});
        assertEquals(0f, variances[0]);
        assertEquals(0f, variances[1]);
        assertEquals((float) (2.000001 * 2.000001 - 1e-5), variances[2]);
    }

    @Test
    void aTruncatedFileNamesTheConvolutionItRanOutIn() throws IOException {
        try (NDManager sub = manager.newSubManager()) {
            YoloNetwork source = network(Architecture.FAST, sub);
            Path file = dir.resolve("cut.weights");
            DarknetFiles.write(file, 2, source, DarknetBackbone.DARKNET_REFERENCE.convolutions(), 0);
            long upToConv5 = 20 + 4L * DarknetBackbone.DARKNET_REFERENCE.convolutions().subList(0, 4).stream()
                    .mapToLong(DarknetConv::floats).sum();
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(bytes, Math.toIntExact(upToConv5 + 4 * (256 * 4 + 1000))));

            WeightsFormatException e = assertThrows(WeightsFormatException.class,
                    () -> DarknetWeights.load(file, DarknetBackbone.DARKNET_REFERENCE, network(Architecture.FAST, sub)));
            assertEquals(file + ": ends in convolution 5 (256x128x3x3): its kernels need 294912 floats, 1000 left",
                    e.getMessage());
        }
    }

    @Test
    void aFileReadAsAnotherNetworkNamesTheFirstMismatchWithBothShapes() throws IOException {
        try (NDManager sub = manager.newSubManager()) {
            YoloNetwork fast = network(Architecture.FAST, sub);
            Path file = dir.resolve("darknet.weights");
            DarknetFiles.write(file, 2, fast, DarknetBackbone.DARKNET_REFERENCE.convolutions(), 0);

            WeightsFormatException e = assertThrows(WeightsFormatException.class,
                    () -> DarknetWeights.load(file, DarknetBackbone.EXTRACTION, fast));
            assertEquals(file + ": extraction convolution 1 is 64x3x7x7 but the network's stage1/conv1 is 16x3x3x3",
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void aFileThatFitsOnlyTheOtherBatchNormReadingIsReadThatWay() throws IOException {
        try (NDManager sub = manager.newSubManager()) {
            YoloNetwork source = network(Architecture.FAST, sub);
            DarknetFiles.randomise(source, 5);
            Path file = dir.resolve("nobn.weights");
            List<DarknetConv> withoutNorm = DarknetBackbone.DARKNET_REFERENCE.convolutions().stream()
                    .map(DarknetConv::flipBatchNorm).toList();
            DarknetFiles.write(file, 2, source, withoutNorm, 0);

            YoloNetwork target = network(Architecture.FAST, sub);
            DarknetLoad load = DarknetWeights.load(file, DarknetBackbone.DARKNET_REFERENCE, target);

            assertFalse(load.batchNorm());
            assertEquals(0, load.trailingFloats());
            assertTrue(load.summary().contains("without BatchNorm"), load.summary());
            BackboneConvolutions.Unit expected = BackboneConvolutions.of(source).get(6);
            BackboneConvolutions.Unit actual = BackboneConvolutions.of(target).get(6);
            assertArrayEquals(expected.kernel().getArray().toFloatArray(), actual.kernel().getArray().toFloatArray());
            assertArrayEquals(expected.beta().getArray().toFloatArray(), actual.beta().getArray().toFloatArray());
            assertEquals(1f, actual.gamma().getArray().min().getFloat());
            assertEquals(1f, actual.gamma().getArray().max().getFloat());
        }
    }

    @Test
    void notADarknetFileAndBrokenFloatsAreOneLineErrors() throws IOException {
        try (NDManager sub = manager.newSubManager()) {
            YoloNetwork fast = network(Architecture.FAST, sub);
            Path text = dir.resolve("model.safetensors");
            Files.writeString(text, "\u0040\u0000\u0000\u0000\u0000\u0000\u0000\u0000{\"conv1.weight\":{\"dtype\":\"F32\"}}");
            WeightsFormatException notDarknet = assertThrows(WeightsFormatException.class,
                    () -> DarknetWeights.load(text, DarknetBackbone.DARKNET_REFERENCE, fast));
            assertTrue(notDarknet.getMessage().startsWith(text + ": not a darknet weights file (header version "),
                    notDarknet.getMessage());

            Path odd = dir.resolve("odd.weights");
            DarknetFiles.write(odd, 2, fast, DarknetBackbone.DARKNET_REFERENCE.convolutions(), 0);
            Files.write(odd, new byte[] {1, 2}, java.nio.file.StandardOpenOption.APPEND);
            WeightsFormatException ragged = assertThrows(WeightsFormatException.class,
                    () -> DarknetWeights.load(odd, DarknetBackbone.DARKNET_REFERENCE, fast));
            assertTrue(ragged.getMessage().endsWith("bytes after the header are not whole float32 values"),
                    ragged.getMessage());
        }
    }
}
