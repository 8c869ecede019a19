package io.jyolo.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} pairs of a worker command line, with typed getters and defaults. */
record Options(String caseName, Map<String, String> values) {

    static Options parse(String[] args) {
        if (args.length == 0 || args[0].startsWith("--")) {
            throw new IllegalArgumentException("usage: BenchWorker CASE [--key value ...]; cases: "
                    + BenchWorker.CASES);
        }
        Map<String, String> v = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value, got '" + args[i] + "'");
            }
            v.put(args[i].substring(2), args[++i]);
        }
        return new Options(args[0], Map.copyOf(v));
    }

    /** Options of a stand-alone tool ({@code --key value} pairs only), named {@code tool}. */
    static Options parseTool(String tool, String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = tool;
        System.arraycopy(args, 0, all, 1, args.length);
        return parse(all);
    }

    String string(String key, String fallback) {
        String s = values.get(key);
        return s == null || s.isEmpty() || s.equals("None") ? fallback : s;
    }

    int integer(String key, int fallback) {
        String s = values.get(key);
        return s == null ? fallback : Integer.parseInt(s.trim());
    }
}
