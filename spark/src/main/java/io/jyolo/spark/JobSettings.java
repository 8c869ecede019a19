package io.jyolo.spark;

import io.jyolo.detect.DetectorOptions;
import io.jyolo.video.FrameSourceOptions;
import java.io.Serializable;

/**
 * What every task of a detection job needs to know, shipped to the executors with the task: a
 * record of plain values because the library's option records are not {@link Serializable}, and
 * the key under which an executor keeps its loaded detector ({@link DetectorHolder}).
 *
 * @param run       the run folder (a local path or a Hadoop URI), as {@code jyolo detect --run}
 * @param threshold minimum score, as {@code --threshold}
 * @param nms       NMS IoU, as {@code --nms}
 * @param agnostic  class-agnostic NMS, as {@code --agnostic}
 * @param topK      at most this many detections per picture
 * @param batch     pictures per forward pass
 * @param device    {@code cpu}, {@code gpu}, {@code gpu:N}, or null for the default device
 * @param every     videos: detect on every n-th frame
 * @param maxFrames videos: stop after this many processed frames (0: no limit)
 */
public record JobSettings(String run, float threshold, float nms, boolean agnostic, int topK, int batch,
                          String device, int every, long maxFrames) implements Serializable {

    public JobSettings {
        if (run == null || run.isBlank()) {
            throw new IllegalArgumentException("--run is required: the run folder to detect with");
        }
        detectorOptions(threshold, nms, agnostic, topK, batch, device);
        frameOptions(every, maxFrames);
    }

    /** The library's defaults ({@link DetectorOptions#defaults()}, every frame) for {@code run}. */
    public static JobSettings defaults(String run) {
        DetectorOptions d = DetectorOptions.defaults();
        return new JobSettings(run, d.scoreThreshold(), d.nmsIou(), d.classAgnostic(), d.topK(), d.batchSize(),
                d.device(), 1, 0);
    }

    public JobSettings withFrames(int every, long maxFrames) {
        return new JobSettings(run, threshold, nms, agnostic, topK, batch, device, every, maxFrames);
    }

    public JobSettings withDetection(float threshold, float nms, boolean agnostic, int topK, int batch, String device) {
        return new JobSettings(run, threshold, nms, agnostic, topK, batch, device, every, maxFrames);
    }

    public DetectorOptions detectorOptions() {
        return detectorOptions(threshold, nms, agnostic, topK, batch, device);
    }

    public FrameSourceOptions frameOptions() {
        return frameOptions(every, maxFrames);
    }

    private static DetectorOptions detectorOptions(float threshold, float nms, boolean agnostic, int topK, int batch,
                                                   String device) {
        return DetectorOptions.builder().scoreThreshold(threshold).nmsIou(nms).classAgnostic(agnostic).topK(topK)
                .batchSize(batch).device(device).build();
    }

    private static FrameSourceOptions frameOptions(int every, long maxFrames) {
        return FrameSourceOptions.builder().frameStep(every).maxFrames(maxFrames).build();
    }
}
