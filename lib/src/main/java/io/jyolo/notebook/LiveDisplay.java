package io.jyolo.notebook;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseNotebookStatics;

/**
 * One output area that is replaced in place: a progress line, a loss chart that refreshes every
 * epoch. In a JJava notebook it is a Jupyter display with an id, updated with
 * {@code update_display_data}, so a long training cell shows one live display instead of
 * thousands of printed lines. Outside a notebook (CLI, tests) updates go to a print stream.
 */
public final class LiveDisplay {

    private final String id;
    private final PrintStream fallback;
    private final Consumer<Object> sink;

    private LiveDisplay(String id, PrintStream fallback) {
        this(id, fallback, null);
    }

    private LiveDisplay(String id, PrintStream fallback, Consumer<Object> sink) {
        this.id = id;
        this.fallback = fallback;
        this.sink = sink;
    }

    /**
     * A display that hands {@code initial} and every update to {@code sink} instead of a notebook:
     * for tests, and for front ends other than Jupyter.
     */
    public static LiveDisplay to(Consumer<Object> sink, Object initial) {
        LiveDisplay d = new LiveDisplay(null, null, Objects.requireNonNull(sink, "sink"));
        d.update(initial);
        return d;
    }

    /** True when running inside the JJava kernel. */
    public static boolean inNotebook() {
        try {
            return BaseKernel.notebookKernel() != null;
        } catch (LinkageError | RuntimeException e) {
            // no JJava on the class path, or JJava present but no kernel running ("No kernel running")
            return false;
        }
    }

    /** Shows {@code initial} and returns a handle to replace it later. */
    public static LiveDisplay show(Object initial) {
        if (inNotebook()) {
            return new LiveDisplay(BaseNotebookStatics.display(initial), null);
        }
        LiveDisplay d = new LiveDisplay(null, System.out);
        d.update(initial);
        return d;
    }

    /** Replaces the displayed object (rendered the same way a cell result would be). */
    public void update(Object value) {
        if (id != null) {
            BaseNotebookStatics.updateDisplay(id, value);
        } else if (sink != null) {
            sink.accept(value);
        } else if (fallback != null && value instanceof CharSequence text) {
            fallback.println(text);
        }
    }
}
