package io.jyolo.data;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link DatasetCheck} found: every problem of a dataset, to read before training rather than
 * while it starts. The CLI prints {@link #toText}, notebook 01 shows {@link #table()}; both come
 * from this one record, so they cannot tell different stories.
 *
 * @param dataset  the folder checked, with the split read
 * @param classes  the class list used and where it came from
 * @param gridSize S of the grid at which cell collisions were counted
 * @param images   images checked (paired samples)
 * @param objects  objects kept by the dataset in those images
 * @param problems every problem, in discovery order
 * @param notes    how the dataset was opened (classes derived, split fallback...), one line each
 */
public record DatasetReport(String dataset, ClassList classes, int gridSize, int images, int objects,
                            List<DatasetProblem> problems, List<String> notes) {

    /** How many examples of each kind {@link #toText()} and {@link #table()} name. */
    public static final int EXAMPLES = 3;

    public DatasetReport {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** Problems of {@code kind}. */
    public int count(ProblemKind kind) {
        return (int) problems.stream().filter(p -> p.kind() == kind).count();
    }

    /** Counts of every kind, zero included, in the enum's order. */
    public Map<ProblemKind, Integer> counts() {
        Map<ProblemKind, Integer> m = new EnumMap<>(ProblemKind.class);
        for (ProblemKind k : ProblemKind.values()) {
            m.put(k, 0);
        }
        problems.forEach(p -> m.merge(p.kind(), 1, Integer::sum));
        return m;
    }

    /** The first {@code n} problems of {@code kind}. */
    public List<DatasetProblem> examples(ProblemKind kind, int n) {
        return problems.stream().filter(p -> p.kind() == kind).limit(n).toList();
    }

    /** True when training on this dataset would leave an image or an object out. */
    public boolean trainingWouldSkip() {
        return problems.stream().anyMatch(p -> p.kind().effect().skips());
    }

    /** Problems whose effect is {@code effect}. */
    public int count(ProblemKind.Effect effect) {
        return (int) problems.stream().filter(p -> p.kind().effect() == effect).count();
    }

    /** One line: what training would leave out, or that it leaves nothing out. */
    public String verdict() {
        if (!trainingWouldSkip()) {
            return problems.isEmpty() ? "clean: training would skip nothing"
                    : "training would skip nothing (" + problems.size() + " problem(s) to look at)";
        }
        return String.format(Locale.ROOT, "training would skip %d image(s) and %d object(s)",
                count(ProblemKind.Effect.SKIPS_IMAGE), count(ProblemKind.Effect.SKIPS_OBJECT));
    }

    /** The whole report: header, notes, a count per kind, examples naming the files, the verdict. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "dataset check %s: %d images, %d objects, %d classes, grid S=%d%n",
                dataset, images, objects, classes.names().size(), gridSize));
        sb.append("classes: ").append(classes.describe()).append(System.lineSeparator());
        notes.forEach(n -> sb.append("note: ").append(n).append(System.lineSeparator()));
        int width = java.util.Arrays.stream(ProblemKind.values()).mapToInt(k -> k.label().length()).max().orElse(10);
        sb.append(String.format(Locale.ROOT, "%n%-" + width + "s  %6s  %s%n", "problem", "count", "in training"));
        counts().forEach((k, n) -> sb.append(String.format(Locale.ROOT, "%-" + width + "s  %6d  %s%n",
                k.label(), n, k.effect().label())));
        for (ProblemKind k : ProblemKind.values()) {
            List<DatasetProblem> ex = examples(k, EXAMPLES);
            if (ex.isEmpty()) {
                continue;
            }
            sb.append(System.lineSeparator()).append(k.label()).append(" (").append(count(k)).append("), e.g.:")
                    .append(System.lineSeparator());
            ex.forEach(p -> sb.append("  ").append(p.line()).append(System.lineSeparator()));
        }
        sb.append(System.lineSeparator()).append("verdict: ").append(verdict()).append(System.lineSeparator());
        return sb.toString();
    }

    /** One row per kind: count, what training does, the first examples naming their files. */
    public Table table() {
        StringColumn kind = StringColumn.create("problem");
        IntColumn count = IntColumn.create("count");
        StringColumn effect = StringColumn.create("in training");
        StringColumn examples = StringColumn.create("examples");
        counts().forEach((k, n) -> {
            kind.append(k.label());
            count.append(n);
            effect.append(k.effect().label());
            examples.append(examples(k, EXAMPLES).stream().map(DatasetProblem::line).collect(Collectors.joining(" | ")));
        });
        return Table.create(dataset + ": " + verdict(), kind, count, effect, examples);
    }
}
