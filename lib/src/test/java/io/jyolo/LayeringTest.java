package io.jyolo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Holds the packages to the direction drawn in {@code lib/ARCHITECTURE.md}: the table there is the
 * one list of allowed imports, read here, so the document and the check cannot drift apart.
 */
class LayeringTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path ARCHITECTURE = Path.of("ARCHITECTURE.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(\\w+)`\\s*\\|.*\\|([^|]*)\\|\\s*$");
    private static final Pattern NAME = Pattern.compile("`(\\w+)`");

    @Test
    void everyPackageHasARowInTheTable() throws IOException {
        Set<String> missing = new TreeSet<>(PackageImports.packages(SOURCES));
        missing.removeAll(allowed().keySet());
        assertTrue(missing.isEmpty(), "packages without a row in " + ARCHITECTURE + ": " + missing);
    }

    @Test
    void theTableItselfHasNoCycle() throws IOException {
        assertEquals(List.of(), cycles(allowed()), ARCHITECTURE + " allows a cycle");
    }

    @Test
    void importsFollowTheTable() throws IOException {
        Map<String, Set<String>> allowed = allowed();
        List<String> against = new ArrayList<>();
        for (PackageImports.Reference r : PackageImports.read(SOURCES).references()) {
            if (!allowed.getOrDefault(r.from(), Set.of()).contains(r.to())) {
                against.add(SOURCES.relativize(r.file()) + " uses io.jyolo." + r.to() + ", which " + r.from()
                        + " may not import (allowed: " + allowed.getOrDefault(r.from(), Set.of()) + ")");
            }
        }
        assertEquals(List.of(), against.stream().distinct().toList(), "imports against " + ARCHITECTURE);
    }

    @Test
    void packagesHaveNoCycle() throws IOException {
        Map<String, Set<String>> actual = new TreeMap<>();
        for (PackageImports.Reference r : PackageImports.read(SOURCES).references()) {
            actual.computeIfAbsent(r.from(), k -> new TreeSet<>()).add(r.to());
        }
        assertEquals(List.of(), cycles(actual), "package cycles in " + SOURCES);
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(List.of("a -> b -> c -> a"), cycles(graph));
    }

    @Test
    void aCommentOrStringIsNoReference() {
        String source = "package io.jyolo.eval;\nimport io.jyolo.data.Box;\n/** {@link io.jyolo.train.Trainer} */\n"
                + "class X { String s = \"io.jyolo.cli.Main\"; Object o = io.jyolo.predict.Nms.class; }\n";
        List<String> to = PackageImports.referencesIn(Path.of("X.java"), source).stream()
                .map(PackageImports.Reference::to).toList();
        assertEquals(List.of("data", "predict"), to);
    }

    /** Package to the packages it may import, from the table's rows. */
    private static Map<String, Set<String>> allowed() throws IOException {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ARCHITECTURE, StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                Set<String> targets = new TreeSet<>();
                Matcher name = NAME.matcher(row.group(2));
                while (name.find()) {
                    targets.add(name.group(1));
                }
                allowed.put(row.group(1), targets);
            }
        }
        assertTrue(allowed.size() > 1, ARCHITECTURE + ": no package table found");
        return allowed;
    }

    /** One cycle per package that starts one, as "a -> b -> a", smallest package name first. */
    static List<String> cycles(Map<String, Set<String>> graph) {
        Set<String> reported = new TreeSet<>();
        List<String> cycles = new ArrayList<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            List<String> path = pathBack(graph, start, start, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (path != null && reported.add(new TreeSet<>(path).toString())) {
                cycles.add(String.join(" -> ", path));
            }
        }
        return cycles;
    }

    /** A path from {@code at} back to {@code start} extending {@code path}, or null. */
    private static List<String> pathBack(Map<String, Set<String>> graph, String start, String at, List<String> path,
                                         Set<String> seen) {
        for (String next : new TreeSet<>(graph.getOrDefault(at, Set.of()))) {
            if (next.equals(start)) {
                List<String> closed = new ArrayList<>(path);
                closed.add(start);
                return closed;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = pathBack(graph, start, next, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }
}
