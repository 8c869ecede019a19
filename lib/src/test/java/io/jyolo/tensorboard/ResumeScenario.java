package io.jyolo.tensorboard;

import java.nio.file.Path;

/**
 * The original project's resume story: logs every epoch, checkpoints every 100, stops ("crashes")
 * after epoch 233 and resumes from the checkpoint of epoch 200, logging different values for
 * 201..240.
 */
final class ResumeScenario {

    static final String LOSS = "Train/Loss_sum";
    static final String IOU = "Train/Epoch_iou";
    /** The original's misspelt tag: the first run logs it, the resumed code logs {@link #CONFIDENCE} instead. */
    static final String MISSPELT = "Train/Loss_confidenct";
    static final String CONFIDENCE = "Train/Loss_confidence";
    static final int CRASH_AFTER = 233;
    static final int CHECKPOINT = 200;
    static final int RESUMED_UNTIL = 240;

    private ResumeScenario() {
    }

    static float firstRunLoss(int epoch) {
        return 1000f / epoch;
    }

    static float resumedLoss(int epoch) {
        return -epoch - 0.5f;
    }

    /** First run: epochs 1..233, then it stops without purging anything. */
    static void firstRun(Path run) {
        try (SummaryWriter w = SummaryWriter.open(run)) {
            for (int epoch = 1; epoch <= CRASH_AFTER; epoch++) {
                w.scalar(LOSS, epoch, firstRunLoss(epoch));
                w.scalar(IOU, epoch, epoch / 1000f);
                w.scalar(MISSPELT, epoch, epoch);
                if (epoch % 50 == 0) {
                    w.histogram("conv1.weight_data", epoch, new double[] {epoch, -epoch});
                }
            }
        }
    }

    /** The original's resume: a plain new writer, nothing purged, no START. */
    static void naiveResume(Path run) {
        try (SummaryWriter w = SummaryWriter.open(run)) {
            logResumed(w);
        }
    }

    /** jyolo's resume: purge after the checkpoint, new file starting with START at 201. */
    static void fixedResume(Path run) {
        try (SummaryWriter w = SummaryWriter.resume(run, CHECKPOINT)) {
            logResumed(w);
        }
    }

    private static void logResumed(SummaryWriter w) {
        for (int epoch = CHECKPOINT + 1; epoch <= RESUMED_UNTIL; epoch++) {
            w.scalar(LOSS, epoch, resumedLoss(epoch));
            w.scalar(IOU, epoch, epoch / 1000f);
            w.scalar(CONFIDENCE, epoch, epoch);
            if (epoch % 50 == 0) {
                w.histogram("conv1.weight_data", epoch, new double[] {-1, -2, -3});
            }
        }
    }
}
