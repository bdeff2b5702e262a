package io.hapc.cli.rules;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * `hapc rules disable "BUILT-IN RULE NAME"`: stores a rule file that switches the built-in rule off
 * (its `// hapc: disables` header, docs/RULES.md); `rules remove` of that file brings it back.
 */
@Command(
        name = "disable",
        mixinStandardHelpOptions = true,
        description = {
            "Switch off a built-in rule by its name (its `rule \"…\"` line in the built-in .drl files, as `simulate --explain` shows it).",
            "Stored as a rule file named disable-….drl; `hapc rules remove` of it switches the rule on again."
        })
public final class RulesDisableCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "BUILT-IN-RULE", description = "The built-in rule's name, quoted.")
    String rule;

    @Override
    public CibEdit edit() {
        return new CibEdit.RuleAdd(fileName(rule), source(rule), false);
    }

    /** "stickiness: prefer the current node" → "disable-stickiness-prefer-the-current-node.drl". */
    public static String fileName(String rule) {
        String slug =
                rule.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return "disable-" + (slug.length() > 80 ? slug.substring(0, 80) : slug) + ".drl";
    }

    static String source(String rule) {
        return "package admin.disabled\n// hapc: disables \"" + rule + "\"\n";
    }
}
