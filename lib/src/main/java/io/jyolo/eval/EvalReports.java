package io.jyolo.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Renders an {@link EvalResult} as a Tablesaw table, JSON or text.
 *
 * <p>The JSON is small and flat and written directly; string literals are escaped by Gson (a DJL
 * dependency already on the class path).
 */
public final class EvalReports {

    private static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

    private EvalReports() {
    }

    /** One row per scored class, then one per skipped class (AP missing, with a note). */
    public static Table table(EvalResult r) {
        StringColumn cls = StringColumn.create("class");
        DoubleColumn ap = DoubleColumn.create("AP");
        IntColumn gt = IntColumn.create("GT");
        IntColumn dets = IntColumn.create("detections");
        IntColumn tp = IntColumn.create("TP");
        IntColumn fp = IntColumn.create("FP");
        IntColumn ignored = IntColumn.create("ignored");
        StringColumn note = StringColumn.create("note");
        for (ClassAp c : r.classAps()) {
            cls.append(c.className());
            ap.append(c.ap());
            gt.append(c.gtCount());
            dets.append(c.detCount());
            tp.append(c.truePositives());
            fp.append(c.falsePositives());
            ignored.append(c.ignored());
            note.append("");
        }
        for (SkippedClass s : r.skipped()) {
            cls.append(s.className());
            ap.appendMissing();
            gt.append(0);
            dets.append(s.detCount());
            tp.appendMissing();
            fp.appendMissing();
            ignored.appendMissing();
            note.append(s.reason() + ": not in mAP");
        }
        String name = String.format(Locale.ROOT, "VOC AP (%s, IoU %.2f), mAP %.4f",
                r.method().label(), r.iou(), r.map());
        return Table.create(name, cls, ap, gt, dets, tp, fp, ignored, note);
    }

    /**
     * {@code {"mAP": 0.8958, "method": "all", "iou": 0.5, "ap": {"cat": 0.8958},
     * "gt": {"cat": 12}, "skipped": {"dog": {"detections": 3, "reason": "no ground truth"}}}}.
     * AP values are fractions in [0, 1]; an undefined number (mAP with no class) is {@code null}.
     */
    public static String json(EvalResult r) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"mAP\": ").append(num(r.map()));
        sb.append(", \"method\": ").append(str(r.method().id()));
        sb.append(", \"iou\": ").append(num(r.iou()));
        sb.append(", \"ap\": {");
        String sep = "";
        for (ClassAp c : r.classAps()) {
            sb.append(sep).append(str(c.className())).append(": ").append(num(c.ap()));
            sep = ", ";
        }
        sb.append("}, \"gt\": {");
        sep = "";
        for (ClassAp c : r.classAps()) {
            sb.append(sep).append(str(c.className())).append(": ").append(c.gtCount());
            sep = ", ";
        }
        sb.append("}, \"skipped\": {");
        sep = "";
        for (SkippedClass s : r.skipped()) {
            sb.append(sep).append(str(s.className())).append(": {\"detections\": ").append(s.detCount())
                    .append(", \"reason\": ").append(str(s.reason())).append('}');
            sep = ", ";
        }
        sb.append("}}");
        return sb.toString();
    }

    /** Class, AP %, GT, detections, TP, FP per line, the mAP line, then one warning per skipped class. */
    public static String text(EvalResult r) {
        int width = 5;
        for (ClassAp c : r.classAps()) {
            width = Math.max(width, c.className().length());
        }
        StringBuilder sb = new StringBuilder();
        String fmt = "%-" + width + "s %7s %6s %6s %6s %6s%n";
        sb.append(String.format(Locale.ROOT, fmt, "class", "AP(%)", "GT", "dets", "TP", "FP"));
        for (ClassAp c : r.classAps()) {
            sb.append(String.format(Locale.ROOT, fmt, c.className(), String.format(Locale.ROOT, "%.2f", 100 * c.ap()),
                    c.gtCount(), c.detCount(), c.truePositives(), c.falsePositives()));
        }
        int n = r.classAps().size();
        sb.append(String.format(Locale.ROOT, "mAP (%s, IoU %.2f): %s over %d class%s%n", r.method().label(), r.iou(),
                n == 0 ? "undefined" : String.format(Locale.ROOT, "%.2f %%", 100 * r.map()), n, n == 1 ? "" : "es"));
        for (SkippedClass s : r.skipped()) {
            sb.append(String.format(Locale.ROOT, "warning: class '%s' (%d detection%s): %s, not in mAP%n",
                    s.className(), s.detCount(), s.detCount() == 1 ? "" : "s", s.reason()));
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** A JSON string literal (Gson's escaping, HTML characters left as they are). */
    private static String str(String s) {
        return JSON.toJson(s);
    }
}
