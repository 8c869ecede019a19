package io.jyolo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The references from one {@code io.jyolo} package to another, read from the sources as text, so
 * that the layering check needs no bytecode tool: every import and every fully qualified
 * {@code io.jyolo.x.} name in code, with comments and string literals left out (a Javadoc link or
 * a class name in a message is not a dependency).
 */
record PackageImports(List<Reference> references) {

    /** {@code file} (in package {@code from}) names something in package {@code to}. */
    record Reference(Path file, String from, String to) {
    }

    private static final Pattern COMMENT_OR_STRING =
            Pattern.compile("//[^\\n]*|/\\*.*?\\*/|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])+'",
                    Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+io\\.jyolo\\.(\\w+)\\s*;", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.jyolo\\.([a-z]\\w*)\\s*\\.");

    /** Reads every {@code .java} file below {@code root} (a source folder such as src/main/java). */
    static PackageImports read(Path root) throws IOException {
        List<Reference> refs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                refs.addAll(referencesIn(file, Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new PackageImports(List.copyOf(refs));
    }

    /** The cross-package references of one source file. */
    static List<Reference> referencesIn(Path file, String source) {
        String code = COMMENT_OR_STRING.matcher(source).replaceAll(" ");
        Matcher pkg = PACKAGE.matcher(code);
        if (!pkg.find()) {
            throw new IllegalArgumentException(file + ": no 'package io.jyolo.<name>;' line");
        }
        String from = pkg.group(1);
        List<Reference> refs = new ArrayList<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            if (!m.group(1).equals(from)) {
                refs.add(new Reference(file, from, m.group(1)));
            }
        }
        return refs;
    }

    /** The packages that hold at least one file. */
    static List<String> packages(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root.resolve("io/jyolo"))) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
    }
}
