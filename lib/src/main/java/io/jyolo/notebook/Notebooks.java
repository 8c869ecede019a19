package io.jyolo.notebook;

import io.jyolo.data.SynthConfig;
import io.jyolo.data.SyntheticShapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where a notebook is and how it should run: the project folders, quick mode, the demo dataset.
 *
 * <p>Notebooks run with the notebook's folder as working directory; the kernel also passes the
 * project root as {@code JYOLO_HOME}. Quick mode ({@code JYOLO_QUICK=1}, set by the tests and by
 * {@code make report QUICK=1}) makes every notebook small enough for a quick run on a CPU; without it a
 * notebook does what a user wants by default.
 */
public final class Notebooks {

    private Notebooks() {
    }

    /** The project root: {@code JYOLO_HOME}, else the nearest parent folder holding {@code pom.xml} and {@code notebooks/}. */
    public static Path home() {
        String env = System.getenv("JYOLO_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.exists(q.resolve("pom.xml")) && Files.isDirectory(q.resolve("notebooks"))) {
                return q;
            }
        }
        return p;
    }

    /** True in quick mode ({@code JYOLO_QUICK} is 1, true or yes). */
    public static boolean quick() {
        String v = System.getenv("JYOLO_QUICK");
        return v != null && switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            default -> false;
        };
    }

    /** Picks the quick-mode or the full value of a parameter. */
    public static <T> T quickOr(T quickValue, T fullValue) {
        return quick() ? quickValue : fullValue;
    }

    /** {@code <home>/data}. */
    public static Path dataDir() {
        return home().resolve("data");
    }

    /** Where runs live: {@code JYOLO_LOG} when set (tests use a scratch folder), else {@code <home>/log}. */
    public static Path logDir() {
        String env = System.getenv("JYOLO_LOG");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return home().resolve("log");
    }

    /**
     * The run the notebooks share: {@code shapes-fast} (what {@code make train} and {@code make
     * detect} use), or {@code shapes-fast-quick} in quick mode so a quick run never replaces a real one.
     */
    public static String defaultRunName() {
        return quickOr("shapes-fast-quick", "shapes-fast");
    }

    /** {@code logDir()/runName}. */
    public static Path runDir(String runName) {
        return logDir().resolve(runName);
    }

    /**
     * The trained run {@code logDir()/runName} for notebooks 04 to 07: as 02-train left it, or in
     * quick mode a tiny run trained now when there is none (see {@link TrainingRuns#ensureTrained}).
     */
    public static Path trainedRun(String runName) throws IOException {
        return TrainingRuns.ensureTrained(runDir(runName));
    }

    /** The dataset folders a run was trained on (from its {@code config.json}); one unless trained on several. */
    public static List<Path> runData(Path runDir) throws IOException {
        return io.jyolo.data.DataFolders.parse(new io.jyolo.run.RunFolder(runDir).readConfig().data());
    }

    /**
     * The project's shared data folder: {@code JYOLO_SHARED} when set, else {@code ../shared} next to
     * the project root (the development and CI layout). It may not exist.
     */
    public static Path sharedDir() {
        String env = System.getenv("JYOLO_SHARED");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        Path parent = home().getParent();
        return (parent == null ? home() : parent).resolve("shared");
    }

    /**
     * A video to try detection on: {@code cars-top-down.mp4} (else the first MP4) of the shared
     * sample videos when present, else {@link #shapesVideo()}.
     */
    public static Path demoVideo() throws IOException {
        Path dir = sharedDir().resolve("video");
        if (Files.isDirectory(dir)) {
            Path preferred = dir.resolve("cars-top-down.mp4");
            if (Files.isRegularFile(preferred)) {
                return preferred;
            }
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                java.util.Optional<Path> first = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
                        .endsWith(".mp4")).sorted().findFirst();
                if (first.isPresent()) {
                    return first.get();
                }
            }
        }
        return shapesVideo();
    }

    /**
     * {@code data/shapes-video.mp4}: twelve test images of the demo dataset, one second each with a
     * slow zoom, generated on first use: a video with objects the demo run knows.
     */
    public static Path shapesVideo() throws IOException {
        return VideoDemo.datasetVideo(io.jyolo.data.VocDataset.open(demoDataset(), "test"),
                dataDir().resolve("shapes-video.mp4"), 12, 10, 1.0);
    }

    /**
     * The generated demo dataset {@code data/shapes}, generated now (default options, about half a
     * minute) when missing or made with other options (an older jyolo's defaults).
     */
    public static Path demoDataset() throws IOException {
        Path root = dataDir().resolve("shapes");
        SynthConfig defaults = SynthConfig.defaults(root);
        if (!SyntheticShapes.isGeneratedWith(root, defaults)) {
            if (Files.isDirectory(root)) {
                SyntheticShapes.clearGenerated(root);
            }
            System.out.println(SyntheticShapes.generate(defaults).line());
        }
        return root;
    }
}
