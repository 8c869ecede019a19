package io.jyolo.spark;

import io.jyolo.data.Box;
import io.jyolo.predict.Detection;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The rows of the job's intermediate table (see {@link RecordKind}) and the columns of each output.
 * Boxes are in the pixels of the original image or frame, as {@code jyolo detect} writes them.
 */
final class Records {

    /** Detections: {@code id} is the input for an image, {@code input#frame} for a video frame. */
    static final String[] DETECTION_COLUMNS =
            {"id", "input", "frame", "class", "class_index", "score", "xmin", "ymin", "xmax", "ymax"};
    static final String[] FAILURE_COLUMNS = {"input", "reason"};
    static final String[] INPUT_COLUMNS = {"input", "frames"};

    static final StructType SCHEMA = new StructType(new StructField[]{
        DataTypes.createStructField("kind", DataTypes.StringType, false),
        DataTypes.createStructField("input", DataTypes.StringType, false),
        DataTypes.createStructField("id", DataTypes.StringType, true),
        DataTypes.createStructField("frame", DataTypes.LongType, true),
        DataTypes.createStructField("class", DataTypes.StringType, true),
        DataTypes.createStructField("class_index", DataTypes.IntegerType, true),
        DataTypes.createStructField("score", DataTypes.FloatType, true),
        DataTypes.createStructField("xmin", DataTypes.FloatType, true),
        DataTypes.createStructField("ymin", DataTypes.FloatType, true),
        DataTypes.createStructField("xmax", DataTypes.FloatType, true),
        DataTypes.createStructField("ymax", DataTypes.FloatType, true),
        DataTypes.createStructField("frames", DataTypes.LongType, true),
        DataTypes.createStructField("reason", DataTypes.StringType, true),
    });

    private Records() {
    }

    /** A detection on an image ({@code frame} null) or on frame {@code frame} of a video. */
    static Row detection(String input, Long frame, Detection d) {
        Box b = d.box();
        String id = frame == null ? input : frameId(input, frame);
        return RowFactory.create(RecordKind.DETECTION.name(), input, id, frame, d.className(), d.classIndex(),
                d.score(), b.xmin(), b.ymin(), b.xmax(), b.ymax(), null, null);
    }

    static Row failure(String input, String reason) {
        return RowFactory.create(RecordKind.FAILURE.name(), input, null, null, null, null, null, null, null, null,
                null, null, reason);
    }

    static Row input(String input, long frames) {
        return RowFactory.create(RecordKind.INPUT.name(), input, null, null, null, null, null, null, null, null,
                null, frames, null);
    }

    /** The id of a video frame: the video's path and the frame's index among all its decoded frames. */
    static String frameId(String input, long frame) {
        return input + "#" + frame;
    }
}
