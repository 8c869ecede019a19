package io.jyolo.train;

import io.jyolo.run.History;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Appends each epoch's row to the run's history and rewrites the history file, so the file is
 * complete after every epoch (charts and a resume read it). The row of an epoch after which
 * early stopping ends the run is marked ({@code early_stop}), so the file says why it is short.
 */
public final class HistoryLog implements EpochEndListener {

    private final History history;
    private final Path file;

    public HistoryLog(History history, Path file) {
        this.history = history;
        this.file = file;
    }

    @Override
    public void epochEnded(EpochEnd end) throws IOException {
        history.add(end.earlyStop() != null ? end.record().withEarlyStop() : end.record());
        history.write(file);
    }
}
