package io.jyolo.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.jyolo.data.Box;
import io.jyolo.data.Resize;
import io.jyolo.data.ResizeMode;
import io.jyolo.engine.Engines;
import io.jyolo.model.OutputLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderTest {

    private static final OutputLayout LAYOUT = new OutputLayout(2, 2, 3);
    private static final List<String> NAMES = List.of("cat", "dog", "bird");
    private static final Resize IDENTITY = Resize.of(ResizeMode.STRETCH, 100, 100, 100);

    private static Decoder decoder() {
        return Decoder.builder(LAYOUT, NAMES).build();
    }

    private static void assertBox(Box expected, Box actual) {
        float eps = 1e-3f;
        assertEquals(expected.xmin(), actual.xmin(), eps, () -> "xmin of " + actual);
        assertEquals(expected.ymin(), actual.ymin(), eps, () -> "ymin of " + actual);
        assertEquals(expected.xmax(), actual.xmax(), eps, () -> "xmax of " + actual);
        assertEquals(expected.ymax(), actual.ymax(), eps, () -> "ymax of " + actual);
    }

    @Test
    void decodesCellOffsetsAndImageFractionSizesWithScoreConfidenceTimesClass() {
        float[] out = new OutputBuilder(LAYOUT)
                // row 1, col 0, predictor 1: centre (25, 75), size 20 x 40, conf 0.9, dog 0.8 -> 0.72
                .box(1, 0, 1, 0.5f, 0.5f, 0.2f, 0.4f, 0.9f).classes(1, 0, 0.1f, 0.8f, 0.1f)
                // row 0, col 1, predictor 0: centre (60, 10), 10 x 10, conf 0.5, cat 0.6 -> 0.3
                .box(0, 1, 0, 0.2f, 0.2f, 0.1f, 0.1f, 0.5f).classes(0, 1, 0.6f, 0.3f, 0.1f)
                // same cell, predictor 1: conf 0.3 x 0.6 = 0.18 < 0.2, dropped
                .box(0, 1, 1, 0.8f, 0.8f, 0.1f, 0.1f, 0.3f)
                .build();
        List<Detection> dets = decoder().decode(out, IDENTITY);
        assertEquals(2, dets.size(), dets::toString);
        assertEquals(1, dets.get(0).classIndex());
        assertEquals("dog", dets.get(0).className());
        assertEquals(0.72f, dets.get(0).score(), 1e-5f);
        assertBox(new Box(15, 55, 35, 95), dets.get(0).box());
        assertEquals("cat", dets.get(1).className());
        assertEquals(0.3f, dets.get(1).score(), 1e-5f);
        assertBox(new Box(55, 5, 65, 15), dets.get(1).box());
    }

    @Test
    void keepsSeveralBoxesOfOneCell() {
        float[] out = new OutputBuilder(LAYOUT)
                .box(0, 0, 0, 0.2f, 0.2f, 0.1f, 0.1f, 0.9f)
                .box(0, 0, 1, 0.8f, 0.8f, 0.1f, 0.1f, 0.8f)
                .classes(0, 0, 1f, 0f, 0f).build();
        List<Detection> dets = decoder().decode(out, IDENTITY);
        assertEquals(2, dets.size());
        assertBox(new Box(5, 5, 15, 15), dets.get(0).box());
        assertBox(new Box(35, 35, 45, 45), dets.get(1).box());
    }

    @Test
    void everyClassPerBoxVersusArgmax() {
        float[] out = new OutputBuilder(LAYOUT)
                .box(0, 0, 0, 0.5f, 0.5f, 0.3f, 0.3f, 1f).classes(0, 0, 0.5f, 0.45f, 0.05f).build();
        List<Detection> argmax = decoder().decode(out, IDENTITY);
        assertEquals(1, argmax.size());
        assertEquals("cat", argmax.get(0).className());
        List<Detection> all = Decoder.builder(LAYOUT, NAMES).oneClassPerBox(false).build().decode(out, IDENTITY);
        assertEquals(List.of("cat", "dog"), all.stream().map(Detection::className).toList());
        List<Detection> agnostic = Decoder.builder(LAYOUT, NAMES).oneClassPerBox(false).classAgnostic(true).build()
                .decode(out, IDENTITY);
        assertEquals(List.of("cat"), agnostic.stream().map(Detection::className).toList());
    }

    @Test
    void nmsAndTopKApplyAfterDecoding() {
        OutputBuilder b = new OutputBuilder(LAYOUT);
        // two near-identical cat boxes in neighbouring cells -> NMS keeps the stronger
        b.box(0, 0, 0, 0.95f, 0.5f, 0.4f, 0.4f, 0.9f).classes(0, 0, 1f, 0f, 0f);
        b.box(0, 1, 0, 0.05f, 0.5f, 0.4f, 0.4f, 0.95f).classes(0, 1, 1f, 0f, 0f);
        b.box(1, 0, 0, 0.5f, 0.5f, 0.1f, 0.1f, 0.5f).classes(1, 0, 0f, 1f, 0f);
        b.box(1, 1, 0, 0.5f, 0.5f, 0.1f, 0.1f, 0.4f).classes(1, 1, 0f, 0f, 1f);
        float[] out = b.build();
        List<Detection> dets = decoder().decode(out, IDENTITY);
        assertEquals(List.of(0.95f, 0.5f, 0.4f), dets.stream().map(Detection::score).toList());
        List<Detection> top2 = Decoder.builder(LAYOUT, NAMES).maxDetections(2).build().decode(out, IDENTITY);
        assertEquals(dets.subList(0, 2), top2);
        List<Detection> high = Decoder.builder(LAYOUT, NAMES).scoreThreshold(0.45f).build().decode(out, IDENTITY);
        assertEquals(2, high.size());
    }

    @Test
    void mapsBackToNonSquareOriginalsWithStretch() {
        float[] out = new OutputBuilder(LAYOUT)
                .box(1, 0, 0, 0.5f, 0.5f, 0.2f, 0.4f, 0.9f).classes(1, 0, 0f, 1f, 0f).build();
        Resize wide = Resize.of(ResizeMode.STRETCH, 200, 100, 100);
        assertBox(new Box(30, 55, 70, 95), decoder().decode(out, wide).get(0).box());
        Resize tall = Resize.of(ResizeMode.STRETCH, 100, 300, 100);
        assertBox(new Box(15, 165, 35, 285), decoder().decode(out, tall).get(0).box());
    }

    @Test
    void mapsBackThroughLetterboxPaddingAndClips() {
        Resize wide = Resize.of(ResizeMode.LETTERBOX, 200, 100, 100); // scale 0.5, 25 px grey above and below
        float[] centre = new OutputBuilder(LAYOUT)
                .box(0, 0, 0, 1f, 1f, 0.2f, 0.2f, 0.9f).classes(0, 0, 1f, 0f, 0f).build(); // input (40,40)-(60,60)
        assertBox(new Box(80, 30, 120, 70), decoder().decode(centre, wide).get(0).box());

        float[] overflowing = new OutputBuilder(LAYOUT)   // input (70,20)-(110,60): past the right and top edges
                .box(0, 1, 0, 0.8f, 0.8f, 0.4f, 0.4f, 0.9f).classes(0, 1, 1f, 0f, 0f).build();
        assertBox(new Box(140, 0, 200, 70), decoder().decode(overflowing, wide).get(0).box());

        float[] inPadding = new OutputBuilder(LAYOUT)     // input (40,5)-(60,15): entirely in the top padding
                .box(0, 0, 0, 1f, 0.2f, 0.2f, 0.1f, 0.9f).classes(0, 0, 1f, 0f, 0f).build();
        assertTrue(decoder().decode(inPadding, wide).isEmpty());
    }

    @Test
    void rejectsWrongSizesAndClassLists() {
        assertThrows(IllegalArgumentException.class, () -> decoder().decode(new float[10], IDENTITY));
        assertThrows(IllegalArgumentException.class, () -> Decoder.builder(LAYOUT, List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> Decoder.builder(LAYOUT, NAMES).scoreThreshold(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> Decoder.builder(LAYOUT, NAMES).maxDetections(0));
    }

    @Test
    void decodesEveryImageOfABatch() {
        Engines.configure();
        float[][] images = {
            new OutputBuilder(LAYOUT).box(0, 0, 0, 0.5f, 0.5f, 0.2f, 0.2f, 0.9f).classes(0, 0, 1f, 0f, 0f).build(),
            new OutputBuilder(LAYOUT).box(1, 1, 1, 0.5f, 0.5f, 0.2f, 0.2f, 0.8f).classes(1, 1, 0f, 1f, 0f).build(),
            new OutputBuilder(LAYOUT).build(),
            new OutputBuilder(LAYOUT).box(0, 1, 0, 0.5f, 0.5f, 0.2f, 0.2f, 0.7f).classes(0, 1, 0f, 0f, 1f).build(),
        };
        int per = images[0].length;
        float[] flat = new float[per * images.length];
        for (int n = 0; n < images.length; n++) {
            System.arraycopy(images[n], 0, flat, n * per, per);
        }
        List<Resize> resizes = List.of(IDENTITY, Resize.of(ResizeMode.STRETCH, 200, 200, 100), IDENTITY, IDENTITY);
        try (NDManager manager = NDManager.newBaseManager(Engines.get().defaultDevice(), "PyTorch")) {
            NDArray batch = manager.create(flat, new Shape(4, 2, 2, LAYOUT.channels()));
            List<List<Detection>> out = decoder().decode(batch, resizes);
            assertEquals(4, out.size());
            assertEquals(List.of("cat"), out.get(0).stream().map(Detection::className).toList());
            assertBox(new Box(15, 15, 35, 35), out.get(0).get(0).box());
            assertEquals(List.of("dog"), out.get(1).stream().map(Detection::className).toList());
            assertBox(new Box(130, 130, 170, 170), out.get(1).get(0).box());
            assertTrue(out.get(2).isEmpty());
            assertEquals(List.of("bird"), out.get(3).stream().map(Detection::className).toList());
            for (int n = 0; n < 4; n++) {
                assertEquals(decoder().decode(images[n], resizes.get(n)), out.get(n), "image " + n);
            }
            assertThrows(IllegalArgumentException.class, () -> decoder().decode(batch, resizes.subList(0, 3)));
        }
    }
}
