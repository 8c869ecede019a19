package io.jyolo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code config.json} keeps the format runs were written in before the optimizer became an enum. */
class TrainConfigTest {

    private static final TrainConfig DEFAULTS = TrainConfig.builder("data/shapes").build();

    @Test
    void theOptimizerIsWrittenAndReadByItsLowerCaseName() {
        String json = DEFAULTS.toJson();
        assertTrue(json.contains("\"optimizer\": \"adam\""), json);
        assertEquals(DEFAULTS, TrainConfig.fromJson(json));
    }

    @Test
    void anOldRunsConfigurationStillReads() {
        String sgd = DEFAULTS.toJson().replace("\"optimizer\": \"adam\"", "\"optimizer\": \"sgd\"");
        assertEquals(OptimizerKind.SGD, TrainConfig.fromJson(sgd).optimizer());
        String none = DEFAULTS.toJson().replace("\"optimizer\": \"adam\",", "");
        assertEquals(OptimizerKind.SGD, TrainConfig.fromJson(none).optimizer(), "runs from before the option");
    }

    @Test
    void aConfigurationFromBeforeEarlyStoppingReadsAsNoEarlyStopping() {
        String withPatience = DEFAULTS.toBuilder().patience(3).build().toJson();
        assertTrue(withPatience.contains("\"patience\": 3"), withPatience);
        assertEquals(3, TrainConfig.fromJson(withPatience).patience());
        String old = withPatience.replaceAll(",\\s*\"patience\": 3", "");
        assertTrue(!old.contains("patience"), old);
        assertEquals(0, TrainConfig.fromJson(old).patience());
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.toBuilder().patience(-1).build());
    }

    @Test
    void aHistogramSettingThatIsNoPatternIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DEFAULTS.toBuilder().histograms("conv(").build());
        assertTrue(e.getMessage().startsWith("histograms 'conv(' is not off, all or a regular expression: "),
                e.getMessage());
        assertEquals("weight", DEFAULTS.toBuilder().histograms("weight").build().histograms());
    }
}
