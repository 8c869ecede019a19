package io.jyolo.video;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The few direct calls into the bundled FFmpeg that JavaCV's grabber and recorder do not
 * offer: log level, encoder availability, and a diagnosis of why a file cannot be opened
 * (JavaCV's own messages are long and often misleading, e.g. "Did not find a video or
 * audio stream" for a stream whose codec is unknown).
 */
final class Ffmpeg {

    /**
     * System property selecting FFmpeg's own log level: quiet, fatal (default), error, warning, info.
     * FFmpeg prints to the process's stderr; by default only fatal errors, because every problem
     * jyolo can act on is already reported as a one-line exception or a counted, logged skip.
     * Set {@code -Djyolo.ffmpeg.log=error} to see FFmpeg's own diagnostics as well.
     */
    static final String LOG_PROPERTY = "jyolo.ffmpeg.log";

    private static volatile boolean initialised;

    private Ffmpeg() {
    }

    /** Sets FFmpeg's native log level once (it writes to the process's stderr). */
    static void init() {
        if (initialised) {
            return;
        }
        synchronized (Ffmpeg.class) {
            if (!initialised) {
                String level = System.getProperty(LOG_PROPERTY, "fatal").toLowerCase(Locale.ROOT);
                avutil.av_log_set_level(switch (level) {
                    case "quiet" -> avutil.AV_LOG_QUIET;
                    case "error" -> avutil.AV_LOG_ERROR;
                    case "warning" -> avutil.AV_LOG_WARNING;
                    case "info" -> avutil.AV_LOG_INFO;
                    default -> avutil.AV_LOG_FATAL;
                });
                initialised = true;
            }
        }
    }

    /** Name of the encoder FFmpeg would use for {@code codecId}, or {@code null} if there is none. */
    static String encoderName(int codecId) {
        init();
        AVCodec codec = avcodec.avcodec_find_encoder(codecId);
        return codec == null || codec.isNull() ? null : codec.name().getString();
    }

    /** FFmpeg's text for an error code. */
    static String errorText(int code) {
        byte[] buf = new byte[256];
        avutil.av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Opens {@code file} with FFmpeg's demuxer alone and says what prevents decoding its video,
     * or returns {@code null} if nothing obvious is wrong.
     */
    static String diagnose(Path file) {
        init();
        AVFormatContext ctx = new AVFormatContext(null);
        int ret = avformat.avformat_open_input(ctx, file.toString(), null, null);
        if (ret < 0) {
            return "not a video file or an unknown container format (FFmpeg: " + errorText(ret) + ")";
        }
        try {
            avformat.avformat_find_stream_info(ctx, (PointerPointer<?>) null);
            int n = ctx.nb_streams();
            if (n == 0) {
                return "the file contains no streams (an empty or unfinished recording?)";
            }
            List<String> others = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                AVStream stream = ctx.streams(i);
                AVCodecParameters par = stream.codecpar();
                String name = avcodec.avcodec_get_name(par.codec_id()).getString();
                if (par.codec_type() != avutil.AVMEDIA_TYPE_VIDEO) {
                    others.add(mediaType(par.codec_type()) + " " + name);
                    continue;
                }
                if (par.codec_id() == avcodec.AV_CODEC_ID_NONE) {
                    return "unknown video codec (fourcc '" + fourcc(par.codec_tag()) + "'), FFmpeg cannot decode it";
                }
                AVCodec decoder = avcodec.avcodec_find_decoder(par.codec_id());
                if (decoder == null || decoder.isNull()) {
                    return "unsupported video codec '" + name + "' (fourcc '" + fourcc(par.codec_tag())
                            + "'), the bundled FFmpeg has no decoder for it";
                }
                if (stream.nb_frames() == 0 && (par.width() <= 0 || par.height() <= 0)) {
                    return "the video stream has no frames";
                }
                return null;
            }
            return "no video stream (the file holds: " + String.join(", ", others) + ")";
        } finally {
            avformat.avformat_close_input(ctx);
        }
    }

    private static String mediaType(int type) {
        return switch (type) {
            case avutil.AVMEDIA_TYPE_AUDIO -> "audio";
            case avutil.AVMEDIA_TYPE_SUBTITLE -> "subtitles";
            case avutil.AVMEDIA_TYPE_DATA -> "data";
            case avutil.AVMEDIA_TYPE_ATTACHMENT -> "attachment";
            default -> "stream";
        };
    }

    private static String fourcc(int tag) {
        if (tag == 0) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int c = (tag >> (8 * i)) & 0xFF;
            sb.append(c >= 32 && c < 127 ? (char) c : '?');
        }
        return sb.toString();
    }

    /** The first line of a JavaCV exception message, without its boilerplate advice. */
    static String firstLine(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            return e.getClass().getSimpleName();
        }
        msg = msg.replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "");
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }
}
