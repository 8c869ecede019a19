package io.jyolo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code config.json} keeps the format runs were written in before the optimizer and histogram settings were typed. */
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
        assertEquals(HistogramFilter.matching("weight"), DEFAULTS.toBuilder().histograms("weight").build().histograms());
    }

    @Test
    void theHistogramFilterIsStoredAsTheStringOldRunsWrote() {
        assertTrue(DEFAULTS.toJson().contains("\"histograms\": \"off\""), DEFAULTS.toJson());
        for (HistogramFilter f : List.of(HistogramFilter.OFF, HistogramFilter.ALL, HistogramFilter.matching("conv[0-9]"))) {
            TrainConfig c = DEFAULTS.toBuilder().histograms(f).build();
            assertTrue(c.toJson().contains("\"histograms\": \"" + f + "\""), c.toJson());
            assertEquals(c, TrainConfig.fromJson(c.toJson()));
        }
        String json = DEFAULTS.toJson();
        Map<String, HistogramFilter> old = Map.of("\"all\"", HistogramFilter.ALL, "\"true\"", HistogramFilter.ALL,
                "\"None\"", HistogramFilter.OFF, "\"weight\"", HistogramFilter.matching("weight"), "null",
                HistogramFilter.OFF);
        old.forEach((value, read) -> assertEquals(read, TrainConfig.fromJson(json.replace("\"histograms\": \"off\"",
                "\"histograms\": " + value)).histograms(), value));
        String without = json.replaceAll("\"histograms\": \"off\",", "");
        assertTrue(!without.contains("histograms"), without);
        assertEquals(HistogramFilter.OFF, TrainConfig.fromJson(without).histograms());
    }

    @Test
    void theHistogramFilterSelectsNoneAllOrTheNamesItsPatternFinds() {
        assertNull(HistogramFilter.parse("off").pattern());
        assertNull(HistogramFilter.parse("None").pattern());
        assertEquals(HistogramFilter.Kind.ALL, HistogramFilter.parse("all").kind());
        assertTrue(HistogramFilter.parse("all").pattern().matcher("anything").find());
        assertTrue(HistogramFilter.parse("conv").pattern().matcher("stage1_conv_weight").find());
        assertFalse(HistogramFilter.parse("conv").pattern().matcher("fc_weight").find());
        assertThrows(IllegalArgumentException.class, () -> new HistogramFilter(HistogramFilter.Kind.MATCHING, " "));
    }
}
