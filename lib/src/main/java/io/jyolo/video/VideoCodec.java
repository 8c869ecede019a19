package io.jyolo.video;

import org.bytedeco.ffmpeg.global.avcodec;

/**
 * Video codecs {@link VideoWriter} can encode with the bundled FFmpeg.
 *
 * <p>The bundled FFmpeg (org.bytedeco ffmpeg 7.1.1-1.5.12, LGPL build) has no x264, but it
 * includes Cisco's OpenH264 encoder ({@code libopenh264}), so H.264 MP4s are possible;
 * MPEG-4 part 2 ({@code mpeg4}) is FFmpeg's built-in encoder and always present.
 */
public enum VideoCodec {
    /** H.264 when an encoder is available, else MPEG-4 part 2. */
    AUTO(-1),
    /** H.264 / AVC (plays everywhere, including browsers and notebooks). */
    H264(avcodec.AV_CODEC_ID_H264),
    /** MPEG-4 part 2 (plays in VLC and most desktop players, not in browsers). */
    MPEG4(avcodec.AV_CODEC_ID_MPEG4);

    private final int ffmpegId;

    VideoCodec(int ffmpegId) {
        this.ffmpegId = ffmpegId;
    }

    int ffmpegId() {
        return ffmpegId;
    }

    /** The FFmpeg encoder used for this codec, or {@code null} if the bundled FFmpeg has none. */
    public String encoderName() {
        return this == AUTO ? resolve().encoderName() : Ffmpeg.encoderName(ffmpegId);
    }

    /** Whether the bundled FFmpeg can encode this codec. */
    public boolean available() {
        return encoderName() != null;
    }

    /** AUTO resolved to a concrete codec; other values unchanged. */
    public VideoCodec resolve() {
        if (this != AUTO) {
            return this;
        }
        return H264.available() ? H264 : MPEG4;
    }
}
