package io.jyolo.run;

/**
 * One row of a run's history: what an epoch did.
 *
 * @param epoch          1-based epoch
 * @param lr             learning rate used
 * @param loss           mean total loss per image over the epoch
 * @param coord          mean coordinate part
 * @param objConf        mean object-confidence part
 * @param noobjConf      mean no-object-confidence part
 * @param classes        mean class part
 * @param iou            mean IoU of responsible boxes
 * @param valLoss        validation loss, NaN when not validated this epoch
 * @param valMap         validation mAP at IoU 0.5, NaN when not computed
 * @param imagesPerSec   training throughput
 * @param seconds        wall time of the epoch (training and validation)
 * @param skipped        samples skipped because they could not be read
 * @param earlyStop      true on the epoch after which early stopping ended the run, so the history
 *                       itself says why it ends before the epoch budget
 */
public record EpochRecord(int epoch, double lr, double loss, double coord, double objConf, double noobjConf,
                          double classes, double iou, double valLoss, double valMap, double imagesPerSec,
                          double seconds, int skipped, boolean earlyStop) {

    /** A row of an epoch that did not end the run early. */
    public EpochRecord(int epoch, double lr, double loss, double coord, double objConf, double noobjConf,
                       double classes, double iou, double valLoss, double valMap, double imagesPerSec,
                       double seconds, int skipped) {
        this(epoch, lr, loss, coord, objConf, noobjConf, classes, iou, valLoss, valMap, imagesPerSec, seconds,
                skipped, false);
    }

    /** This row marked as the one after which early stopping ended the run. */
    public EpochRecord withEarlyStop() {
        return new EpochRecord(epoch, lr, loss, coord, objConf, noobjConf, classes, iou, valLoss, valMap,
                imagesPerSec, seconds, skipped, true);
    }
}
