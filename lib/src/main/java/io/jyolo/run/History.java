package io.jyolo.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The per-epoch history of a run, kept as {@code history.csv} in the run folder.
 *
 * <p>The last column, {@code early_stop}, is 1 on the epoch after which early stopping ended the
 * run; files written before it existed have 13 columns and still read (as 0).
 *
 * <p>On resume the history is cut back to the checkpoint's epoch, so like the event files it
 * holds each epoch exactly once. Written atomically after every epoch.
 */
public final class History {

    static final String HEADER = "epoch,lr,loss,coord,obj_conf,noobj_conf,classes,iou,val_loss,val_map,images_per_sec,seconds,skipped,early_stop";
    private final List<EpochRecord> rows = new ArrayList<>();

    /** Reads {@code history.csv}, or an empty history when it does not exist. */
    public static History read(Path file) throws IOException {
        History h = new History();
        if (!Files.exists(file)) {
            return h;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 13 && f.length != 14) {
                throw new IOException(file + " line " + (i + 1) + ": expected 13 or 14 fields, found " + f.length);
            }
            h.rows.add(new EpochRecord(Integer.parseInt(f[0]), d(f[1]), d(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]),
                    d(f[7]), d(f[8]), d(f[9]), d(f[10]), d(f[11]), Integer.parseInt(f[12]),
                    f.length == 14 && Integer.parseInt(f[13]) != 0));
        }
        return h;
    }

    private static double d(String s) {
        return s.isEmpty() || s.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(s);
    }

    public void add(EpochRecord r) {
        rows.removeIf(x -> x.epoch() >= r.epoch());
        rows.add(r);
    }

    /** Drops every epoch after {@code epoch} (resume). */
    public void truncateAfter(int epoch) {
        rows.removeIf(x -> x.epoch() > epoch);
    }

    public List<EpochRecord> rows() {
        return List.copyOf(rows);
    }

    /** Writes the history atomically. */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.newLine();
            for (EpochRecord r : rows) {
                w.write(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%s,%s,%.4g,%.4g,%d,%d",
                        r.epoch(), r.lr(), r.loss(), r.coord(), r.objConf(), r.noobjConf(), r.classes(), r.iou(),
                        num(r.valLoss()), num(r.valMap()), r.imagesPerSec(), r.seconds(), r.skipped(),
                        r.earlyStop() ? 1 : 0));
                w.newLine();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** The history as a Tablesaw table, for notebooks. */
    public Table toTable() {
        Table t = Table.create("history");
        t.addColumns(IntColumn.create("epoch", rows.stream().mapToInt(EpochRecord::epoch).toArray()));
        t.addColumns(col("lr", rows.stream().mapToDouble(EpochRecord::lr).toArray()),
                col("loss", rows.stream().mapToDouble(EpochRecord::loss).toArray()),
                col("coord", rows.stream().mapToDouble(EpochRecord::coord).toArray()),
                col("obj_conf", rows.stream().mapToDouble(EpochRecord::objConf).toArray()),
                col("noobj_conf", rows.stream().mapToDouble(EpochRecord::noobjConf).toArray()),
                col("classes", rows.stream().mapToDouble(EpochRecord::classes).toArray()),
                col("iou", rows.stream().mapToDouble(EpochRecord::iou).toArray()),
                col("val_loss", rows.stream().mapToDouble(EpochRecord::valLoss).toArray()),
                col("val_map", rows.stream().mapToDouble(EpochRecord::valMap).toArray()),
                col("images_per_sec", rows.stream().mapToDouble(EpochRecord::imagesPerSec).toArray()),
                col("seconds", rows.stream().mapToDouble(EpochRecord::seconds).toArray()));
        return t;
    }

    private static DoubleColumn col(String name, double[] v) {
        return DoubleColumn.create(name, v);
    }
}
