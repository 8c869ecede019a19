package io.jyolo.tensorboard;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link EventLogs#purgeAfter} did to a run.
 *
 * @param runDir         the run directory
 * @param lastKeptStep   records at larger steps were dropped
 * @param filesScanned   event files looked at
 * @param filesRewritten event files replaced by a purged copy (or deleted when nothing remained)
 * @param recordsKept    records left in the run's files
 * @param recordsDropped records removed
 * @param truncations    incomplete last records found (and dropped with the rewrite)
 */
public record PurgeReport(Path runDir, long lastKeptStep, int filesScanned, int filesRewritten, long recordsKept,
        long recordsDropped, List<Truncation> truncations) {

    public PurgeReport {
        truncations = List.copyOf(truncations);
    }
}
