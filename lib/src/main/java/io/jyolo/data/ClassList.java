package io.jyolo.data;

import java.util.List;

/**
 * A dataset's class names (index = position) and where they came from.
 *
 * @param names  the class names in index order
 * @param source how they were obtained
 * @param origin what they were read from: the class file, the recognised VOC folder, or the folder
 *               whose annotations were read
 */
public record ClassList(List<String> names, ClassSource source, String origin) {

    public ClassList {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no classes");
        }
    }

    /** One line saying what the classes are and why these. */
    public String describe() {
        String list = String.join(", ", names);
        return switch (source) {
            case CLASS_FILE -> names.size() + " classes from " + origin + ": " + list;
            case VOC_STANDARD -> origin + " is an official PASCAL VOC folder without " + ClassFile.NAME
                    + ": the 20 VOC classes in the standard order";
            case ANNOTATIONS -> origin + ": no " + ClassFile.NAME + "; " + names.size()
                    + " classes from the annotations, sorted: " + list;
            case GIVEN -> names.size() + " classes given: " + list;
        };
    }
}
