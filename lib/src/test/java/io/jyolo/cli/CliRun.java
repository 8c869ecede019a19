package io.jyolo.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the real {@code jyolo} entry point ({@link Main#run}, with its error handling and exit codes)
 * and captures what it prints.
 *
 * @param code exit code
 * @param out  standard output
 * @param err  standard error
 */
record CliRun(int code, String out, String err) {

    static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        CliRun r = new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        oldOut.println("$ jyolo " + String.join(" ", args) + "\n-> exit " + code + "\n" + r.out + r.err);
        return r;
    }

    /** Standard error without JUL's INFO lines (dataset summaries), which are not errors. */
    String errors() {
        return err.lines().filter(l -> !l.startsWith("INFO: ")).reduce("", (a, b) -> a.isEmpty() ? b : a + "\n" + b);
    }
}
