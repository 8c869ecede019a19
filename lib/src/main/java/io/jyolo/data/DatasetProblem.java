package io.jyolo.data;

/**
 * One problem found by {@link DatasetCheck}.
 *
 * @param kind   what is wrong
 * @param file   the file concerned (image, annotation or split list)
 * @param detail what exactly, in words
 */
public record DatasetProblem(ProblemKind kind, String file, String detail) {

    /** {@code file: detail}. */
    public String line() {
        return file + ": " + detail;
    }
}
