package io.jyolo.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The 20 PASCAL VOC classes and how an official VOC 2007/2012 folder is recognised, so the official
 * archives train without a hand-written {@code classes.txt} and with the class indices every VOC
 * tool uses (alphabetical, which sorting the annotation names would also give only when every class
 * occurs in the chosen folder).
 */
public final class VocClasses {

    /** The standard order of the VOC devkit ({@code VOCcode/VOCinit.m}). */
    public static final List<String> STANDARD = List.of("aeroplane", "bicycle", "bird", "boat", "bottle", "bus",
            "car", "cat", "chair", "cow", "diningtable", "dog", "horse", "motorbike", "person", "pottedplant",
            "sheep", "sofa", "train", "tvmonitor");

    private static final Pattern FOLDER_NAME = Pattern.compile("(?i)VOC20\\d\\d");

    private VocClasses() {
    }

    /**
     * True for an official VOC folder ({@code VOCdevkit/VOC2007}, {@code VOCdevkit/VOC2012}): it has
     * {@code Annotations/} and {@code JPEGImages/}, and either its name is {@code VOC20xx} or
     * {@code ImageSets/Main/} holds the devkit's per-class lists ({@code <class>_train.txt} or
     * {@code <class>_trainval.txt}) of all 20 classes.
     */
    public static boolean isOfficialFolder(Path root) {
        if (!Files.isDirectory(root.resolve("Annotations")) || !Files.isDirectory(root.resolve("JPEGImages"))) {
            return false;
        }
        Path name = root.toAbsolutePath().normalize().getFileName();
        if (name != null && FOLDER_NAME.matcher(name.toString()).matches()) {
            return true;
        }
        Path main = root.resolve("ImageSets").resolve("Main");
        return STANDARD.stream().allMatch(c -> Files.isRegularFile(main.resolve(c + "_train.txt"))
                || Files.isRegularFile(main.resolve(c + "_trainval.txt")));
    }
}
