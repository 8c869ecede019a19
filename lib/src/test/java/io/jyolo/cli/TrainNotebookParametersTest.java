package io.jyolo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Notebook 02's parameter cell offers the training options of {@code jyolo train} under the same
 * names, so a user moving between the two finds them: a variable named after the option, declared
 * with a comment naming the option, handed to the matching {@code TrainConfig} builder call. Both
 * front ends start from a recipe ({@code --recipe}, default demo) and leave every setting the user
 * did not give to it: the CLI option has no default of its own, the notebook variable is null.
 */
class TrainNotebookParametersTest {

    /** CLI option, the notebook variable (the option in camel case), its builder call, and the notebook's value. */
    private record Parameter(String option, String variable, String builderCall, String notebookDefault) {
    }

    private static final Map<String, Parameter> PARAMETERS = new LinkedHashMap<>();

    static {
        for (Parameter p : new Parameter[] {
            new Parameter("--recipe", "recipe", "TrainConfig.builder(data.toString(), recipe)", "Recipe.DEMO"),
            new Parameter("--optimizer", "optimizer", ".optimizer(optimizer)", "null"),
            new Parameter("--lr", "lr", ".learningRate(lr)", "null"),
            new Parameter("--momentum", "momentum", ".momentum(momentum)", "null"),
            new Parameter("--weight-decay", "weightDecay", ".weightDecay(weightDecay)", "null"),
            new Parameter("--schedule", "schedule", ".schedule(schedule)", "null"),
            new Parameter("--augment", "augment", ".augmentation(augment)", "null"),
            new Parameter("--resize", "resize", ".resize(resize)", "null"),
            new Parameter("--patience", "patience", ".patience(patience)", "null"),
            new Parameter("--freeze-backbone", "freezeBackbone", ".freezeBackbone(freezeBackbone)", "null"),
            new Parameter("--init-from", "initFrom", ".initFrom(initFrom)", "null"),
            new Parameter("--network", "network", ".network(network, inputSize)", "null")}) {
            PARAMETERS.put(p.option(), p);
        }
    }

    private static String parameterCell() throws IOException {
        Path nb = Path.of("").toAbsolutePath().getParent().resolve("notebooks/02-train.ipynb");
        JsonObject json = JsonParser.parseString(Files.readString(nb)).getAsJsonObject();
        for (JsonElement cell : json.getAsJsonArray("cells")) {
            StringBuilder source = new StringBuilder();
            cell.getAsJsonObject().getAsJsonArray("source").forEach(line -> source.append(line.getAsString()));
            if (source.indexOf("TrainConfig config") >= 0) {
                return source.toString();
            }
        }
        throw new AssertionError("no parameter cell (TrainConfig config) in " + nb);
    }

    @Test
    void everyTrainingOptionIsAParameterUnderItsCliName() throws IOException {
        String cell = parameterCell();
        CommandLine.Model.CommandSpec spec = new CommandLine(new TrainCommand()).getCommandSpec();
        for (Parameter p : PARAMETERS.values()) {
            CommandLine.Model.OptionSpec option = spec.findOption(p.option());
            assertNotNull(option, "jyolo train has no " + p.option());
            Matcher declared = Pattern.compile("\\b" + p.variable() + " = (.+?);\\s*// " + Pattern.quote(p.option())
                    + "\\b").matcher(cell);
            assertTrue(declared.find(), () -> p.variable() + " with a '// " + p.option() + "' comment not in:\n" + cell);
            assertEquals(p.notebookDefault(), declared.group(1).strip(), p.option());
            assertTrue(cell.contains(p.builderCall()), () -> p.builderCall() + " not in:\n" + cell);
        }
    }

    /**
     * The notebook's defaults are the CLI's: the demo recipe, and every other option left to it (no
     * default of the option's own, which would override the recipe).
     */
    @Test
    void notebookDefaultsAreTheCliDefaults() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new TrainCommand()).getCommandSpec();
        assertEquals("demo", spec.findOption("--recipe").defaultValue());
        for (Parameter p : PARAMETERS.values()) {
            if (!p.option().equals("--recipe")) {
                assertNull(spec.findOption(p.option()).defaultValue(), p.option() + " must leave its value to the recipe");
            }
        }
    }
}
