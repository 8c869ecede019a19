package io.jyolo.run;

import com.google.gson.TypeAdapter;
import com.google.gson.annotations.JsonAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which parameters get TensorBoard weight and gradient histograms per epoch: none, all, or those
 * whose name a regular expression finds.
 *
 * <p>Stored in {@code config.json} as the one string runs written before this type used
 * ({@code "off"}, {@code "all"} or the expression), so their configurations still read; the old
 * aliases {@code none}, {@code false} and {@code true} read as well.
 *
 * @param kind  none, all, or by name
 * @param regex the expression for {@link Kind#MATCHING}, null otherwise
 */
@JsonAdapter(HistogramFilter.Json.class)
public record HistogramFilter(Kind kind, String regex) {

    /** No histograms. */
    public static final HistogramFilter OFF = new HistogramFilter(Kind.OFF, null);
    /** Histograms of every parameter. */
    public static final HistogramFilter ALL = new HistogramFilter(Kind.ALL, null);

    /** Which parameters a filter selects. */
    public enum Kind {
        /** None. */
        OFF,
        /** Every parameter. */
        ALL,
        /** The parameters whose name the regular expression finds. */
        MATCHING
    }

    public HistogramFilter {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.MATCHING) {
            if (regex == null || regex.isBlank()) {
                throw new IllegalArgumentException("a histogram filter by name needs a regular expression");
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("histograms '" + regex + "' is not off, all or a regular"
                        + " expression: " + e.getDescription());
            }
        } else {
            regex = null;
        }
    }

    /** The parameters whose name {@code regex} finds (a substring match, as {@link java.util.regex.Matcher#find}). */
    public static HistogramFilter matching(String regex) {
        return new HistogramFilter(Kind.MATCHING, regex);
    }

    /**
     * The setting as the CLI and {@code config.json} write it: {@code off} (also {@code none},
     * {@code false} or blank), {@code all} (also {@code true}), else a regular expression.
     *
     * @throws IllegalArgumentException naming the setting when it is not a valid expression
     */
    public static HistogramFilter parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return OFF;
        }
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "off", "none", "false" -> OFF;
            case "all", "true" -> ALL;
            default -> matching(setting);
        };
    }

    /** The parameter names selected, as a pattern to {@code find}; null when off. */
    public Pattern pattern() {
        return switch (kind) {
            case OFF -> null;
            case ALL -> Pattern.compile(".*");
            case MATCHING -> Pattern.compile(regex);
        };
    }

    /** {@code off}, {@code all} or the expression: what {@link #parse} reads back. */
    @Override
    public String toString() {
        return kind == Kind.MATCHING ? regex : kind.name().toLowerCase(Locale.ROOT);
    }

    /** The {@code config.json} form: one string, null read as off. */
    static final class Json extends TypeAdapter<HistogramFilter> {
        @Override
        public void write(JsonWriter out, HistogramFilter value) throws IOException {
            out.value(value == null ? OFF.toString() : value.toString());
        }

        @Override
        public HistogramFilter read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return OFF;
            }
            return parse(in.nextString());
        }
    }
}
