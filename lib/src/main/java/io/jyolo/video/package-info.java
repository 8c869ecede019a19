/**
 * Frames in and out of video files and cameras, for detection on video.
 *
 * <p>Reading: {@link io.jyolo.video.FrameSources#open(String, io.jyolo.video.FrameSourceOptions)}
 * takes a file path or a camera spec ({@code camera:0}, {@code /dev/video0}) and returns a
 * {@link io.jyolo.video.FrameSource}: frames one at a time as new {@code TYPE_3BYTE_BGR}
 * images with index and timestamp, what the container declares (size, fps, frame count), a
 * count of frames skipped as corrupt, and why it ended. Files are decoded by JavaCV's
 * FFmpegFrameGrabber (bundled FFmpeg 7.1.1, so H.264 MP4 and AVI work); cameras by OpenCV's
 * V4L2 backend. Frame limits, durations and thread interruption behave the same for both,
 * and are tested with files.
 *
 * <p>Writing: {@link io.jyolo.video.VideoWriter} encodes H.264 (OpenH264 is in the bundled
 * FFmpeg; no x264) or MPEG-4 part 2 into MP4/AVI/MKV.
 *
 * <p>Looping: {@link io.jyolo.video.VideoPipeline#process} reads, applies a function (the
 * detector), writes, reports {@link io.jyolo.video.VideoProgress} and returns a
 * {@link io.jyolo.video.VideoSummary}; it ends cleanly at the end of the file, at a limit or
 * on interrupt.
 *
 * <p>All errors are {@link io.jyolo.video.VideoException}s with a one-line message naming the
 * file or device. FFmpeg's own stderr output is limited to fatal messages unless
 * {@code -Djyolo.ffmpeg.log=error} (or warning, info) is set.
 */
package io.jyolo.video;
