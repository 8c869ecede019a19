package io.jyolo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jyolo.eval.VocEvaluator;
import io.jyolo.loss.LossParts;
import io.jyolo.run.CheckpointMeta;
import io.jyolo.run.EpochRecord;
import io.jyolo.run.TrainConfig;
import io.jyolo.tensorboard.EventLog;
import io.jyolo.tensorboard.SummaryWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The epoch's scalars: training always, validation only when the epoch was validated, and the histogram setting. */
class TensorBoardLogTest {

    @TempDir
    Path dir;

    private static EpochEnd end(TrainConfig config, int epoch, Validation val) {
        LossTotals train = LossTotals.ZERO.plus(new LossParts(2, 0.5, 0.5, 0.5, 0.5, 0.6, 2), 4);
        EpochRecord row = new EpochRecord(epoch, 1e-3, train.meanLoss(), train.meanCoord(),
                train.meanObjectConfidence(), train.meanNoObjectConfidence(), train.meanClasses(), train.meanIou(),
                val == null ? Double.NaN : val.loss().meanLoss(), val == null ? Double.NaN : 0.25, 10, 1, 0);
        CheckpointMeta state = new CheckpointMeta(epoch, 0, epoch, 1, config.toJson(), List.of("a"), Double.NaN,
                Map.of(), 0);
        return new EpochEnd(row, train, val, state, false, null);
    }

    @Test
    void validationScalarsOnlyForValidatedEpochs() throws IOException {
        TrainConfig config = TrainConfig.builder("unused").build();
        LossTotals valLoss = LossTotals.ZERO.plus(new LossParts(3, 1, 1, 0.5, 0.5, 0.9, 1), 2);
        Validation val = new Validation(valLoss, VocEvaluator.builder().classes(List.of("a")).build()
                .evaluate(Map.of(), Map.of()), Map.of(), Map.of(), 2, 0, List.of());
        try (TinyNetwork n = new TinyNetwork(1); SummaryWriter tb = SummaryWriter.open(dir)) {
            TensorBoardLog log = new TensorBoardLog(tb, config, List.of("a"), n.network, n.manager, null);
            log.epochEnded(end(config, 1, null));
            log.epochEnded(end(config, 2, val));
        }
        EventLog events = EventLog.read(dir);
        assertEquals(List.of(1L, 2L), events.scalars("Train/Loss_sum").stream().map(p -> p.step()).toList());
        assertEquals(2.0, events.scalars("Train/Loss_sum").get(0).value(), 1e-6);
        assertEquals(0.3, events.scalars("Train/Epoch_iou").get(0).value(), 1e-6);
        assertEquals(List.of(2L), events.scalars("Val/Loss_sum").stream().map(p -> p.step()).toList());
        assertEquals(3.0, events.scalars("Val/Loss_sum").get(0).value(), 1e-6);
        assertEquals(0.9, events.scalars("Val/Epoch_iou").get(0).value(), 1e-6);
        assertEquals(0.25, events.scalars("Val/mAP").get(0).value(), 1e-6);
        assertTrue(events.histogramTags().isEmpty(), "histograms are off by default");
    }
}
