package io.jyolo.data;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A VOC folder seeded with exactly one case of each {@link ProblemKind}, and the file each case
 * must be reported against (for the check's tests in this package and in the CLI's).
 */
public final class SeededProblems {

    private SeededProblems() {
    }

    /** Writes the folder into {@code root} and returns, per kind, the file name the report must name. */
    public static Map<ProblemKind, String> create(Path root) throws IOException {
        Fixtures.vocRoot(root, "cat", "dog");
        Map<ProblemKind, String> where = new EnumMap<>(ProblemKind.class);
        // a clean image every other case is compared with (own colour: no duplicate content by accident)
        image(root, "ok.jpg", 70, 70, 0);
        Fixtures.xml(root, "ok", Fixtures.annotation("ok.jpg", 70, 70, "cat 10 10 60 60"));

        Fixtures.write(root.resolve("JPEGImages/unreadable.jpg"), "not a JPEG at all".getBytes(StandardCharsets.UTF_8));
        Fixtures.xml(root, "unreadable", Fixtures.annotation("unreadable.jpg", 70, 70, "cat 10 10 60 60"));
        where.put(ProblemKind.UNREADABLE_IMAGE, "unreadable.jpg");

        image(root, "wrongsize.jpg", 50, 40, 1);
        Fixtures.xml(root, "wrongsize", Fixtures.annotation("wrongsize.jpg", 60, 40, "cat 5 5 30 30"));
        where.put(ProblemKind.SIZE_MISMATCH, "wrongsize.jpg");

        image(root, "broken.jpg", 70, 70, 2);
        Fixtures.xml(root, "broken", "<annotation><size><width>70</width></size><object>");
        where.put(ProblemKind.MALFORMED_ANNOTATION, "broken.xml");

        image(root, "lonely.jpg", 70, 70, 3);
        where.put(ProblemKind.IMAGE_WITHOUT_ANNOTATION, "lonely.jpg");

        Fixtures.xml(root, "orphan", Fixtures.annotation("orphan.jpg", 70, 70, "cat 10 10 60 60"));
        where.put(ProblemKind.ANNOTATION_WITHOUT_IMAGE, "orphan.xml");

        Path main = Files.createDirectories(root.resolve("ImageSets/Main"));
        Files.write(main.resolve("train.txt"), List.of("ok", "ghost", "ok"), StandardCharsets.UTF_8);
        where.put(ProblemKind.LISTED_WITHOUT_FILES, "train.txt");
        where.put(ProblemKind.DUPLICATE_LISTING, "train.txt");

        image(root, "twin.jpg", 70, 70, 4);
        Fixtures.write(root.resolve("JPEGImages/twin.png"), Fixtures.encode(Fixtures.plain(70, 70, colour(5)), "png"));
        Fixtures.xml(root, "twin", Fixtures.annotation("twin.jpg", 70, 70, "cat 10 10 60 60"));
        where.put(ProblemKind.DUPLICATE_IMAGE, "twin.png");

        Files.copy(root.resolve("JPEGImages/ok.jpg"), root.resolve("JPEGImages/okcopy.jpg"));
        Fixtures.xml(root, "okcopy", Fixtures.annotation("okcopy.jpg", 70, 70, "cat 10 10 60 60"));
        where.put(ProblemKind.DUPLICATE_CONTENT, "okcopy.jpg"); // the later id in name order

        image(root, "twice.jpg", 70, 70, 6);
        Fixtures.xml(root, "twice", Fixtures.annotation("twice.jpg", 70, 70, "cat 10 10 60 60", "cat 10 10 60 60"));
        where.put(ProblemKind.DUPLICATE_OBJECT, "twice.xml");

        image(root, "zebra.jpg", 70, 70, 7);
        Fixtures.xml(root, "zebra", Fixtures.annotation("zebra.jpg", 70, 70, "zebra 10 10 60 60"));
        where.put(ProblemKind.UNKNOWN_CLASS, "zebra.xml");

        image(root, "flat.jpg", 70, 70, 8);
        Fixtures.xml(root, "flat", Fixtures.annotation("flat.jpg", 70, 70, "cat 10 10 10 60"));
        where.put(ProblemKind.BAD_BOX, "flat.xml");

        image(root, "outside.jpg", 70, 70, 9);
        Fixtures.xml(root, "outside", Fixtures.annotation("outside.jpg", 70, 70, "cat 40 10 90 60"));
        where.put(ProblemKind.BOX_OUTSIDE_IMAGE, "outside.xml");

        // at S=7 a cell of a 70-pixel image is 10 pixels: both centres (5,5) and (6,6) fall into cell (0,0)
        image(root, "crowded.jpg", 70, 70, 10);
        Fixtures.xml(root, "crowded", Fixtures.annotation("crowded.jpg", 70, 70, "cat 0 0 10 10", "cat 2 2 10 10"));
        where.put(ProblemKind.CELL_COLLISION, "crowded.xml");

        where.put(ProblemKind.CLASS_WITHOUT_OBJECTS, "classes.txt");
        return where;
    }

    private static void image(Path root, String name, int w, int h, int n) throws IOException {
        Fixtures.write(root.resolve("JPEGImages").resolve(name), Fixtures.encode(Fixtures.plain(w, h, colour(n)), "jpg"));
    }

    private static Color colour(int n) {
        return new Color(20 + 20 * n, 200 - 15 * n, (60 + 37 * n) % 256);
    }
}
