package io.jyolo.train;

import io.jyolo.run.History;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Appends each epoch's row to the run's history and rewrites the history file, so the file is
 * complete after every epoch (charts and a resume read it).
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
        history.add(end.record());
        history.write(file);
    }
}
