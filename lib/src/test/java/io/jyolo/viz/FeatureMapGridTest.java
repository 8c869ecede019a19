package io.jyolo.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.jyolo.data.ResizeMode;
import io.jyolo.engine.Engines;
import io.jyolo.model.Architecture;
import io.jyolo.model.ModelConfig;
import io.jyolo.model.YoloNetwork;
import io.jyolo.model.YoloNetworks;
import io.jyolo.viz.FeatureMapGrid.StageGrid;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureMapGridTest {

    @Test
    void theStrongestChannelsComeFirstEachScaledToItsOwnRange() {
        int c = 3;
        int h = 2;
        int w = 2;
        float[] v = {
            0, 0, 0, 0,      // channel 0: flat, mean 0
            1, 2, 3, 4,      // channel 1: mean 2.5
            10, 10, 10, 30,  // channel 2: mean 15
        };
        StageGrid g = FeatureMapGrid.grid("stageX", v, c, h, w, 2);
        assertEquals(2, g.shown());
        assertEquals(3, g.channels());
        BufferedImage img = g.image();
        int tile = FeatureMapGrid.TILE;
        // first tile = channel 2: three black cells and a white bottom-right cell
        int x0 = 2;
        int y0 = 20 + 2;
        assertEquals(Color.BLACK.getRGB(), img.getRGB(x0 + 5, y0 + 5));
        assertEquals(Color.WHITE.getRGB(), img.getRGB(x0 + tile - 5, y0 + tile - 5));
        // second tile = channel 1: darkest top-left, brightest bottom-right
        int x1 = x0 + tile + 2;
        assertEquals(Color.BLACK.getRGB(), img.getRGB(x1 + 5, y0 + 5));
        assertEquals(Color.WHITE.getRGB(), img.getRGB(x1 + tile - 5, y0 + tile - 5));
        assertTrue(g.toString().contains("3 channels of 2 x 2"), g.toString());
        assertThrows(IllegalArgumentException.class, () -> FeatureMapGrid.grid("bad", new float[5], 3, 2, 2, 4));
    }

    @Test
    void everyConvolutionStageOfFastYoloGetsAGrid() {
        Engines.get();
        ModelConfig config = ModelConfig.builder().architecture(Architecture.FAST).inputSize(128).classes(3).build();
        BufferedImage image = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 150; y++) {
            for (int x = 0; x < 200; x++) {
                image.setRGB(x, y, (x * 255 / 200) << 16 | (y * 255 / 150) << 8 | ((x + y) % 256));
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            YoloNetwork net = YoloNetworks.create(config).initialize(manager);
            List<StageGrid> grids = FeatureMapGrid.collect(net, manager, image, ResizeMode.STRETCH, 16);
            assertEquals(List.of("stage1", "stage2", "stage3", "stage4", "stage5", "stage6", "stage7"),
                    grids.stream().map(StageGrid::name).toList());
            assertEquals(16, grids.get(0).channels());
            assertEquals(64, grids.get(0).height(), "128 px input, one 2x2 pool in stage 1");
            assertEquals(256, grids.get(6).channels());
            assertEquals(2, grids.get(6).width(), "S = 128 / 64");
            assertTrue(grids.stream().allMatch(g -> g.shown() == 16));
        }
    }
}
