package io.jyolo.notebook;

import java.io.PrintStream;
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

    private LiveDisplay(String id, PrintStream fallback) {
        this.id = id;
        this.fallback = fallback;
    }

    /** True when running inside the JJava kernel. */
    public static boolean inNotebook() {
        try {
            return BaseKernel.notebookKernel() != null;
        } catch (LinkageError e) {
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
        } else if (fallback != null && value instanceof CharSequence text) {
            fallback.println(text);
        }
    }
}
