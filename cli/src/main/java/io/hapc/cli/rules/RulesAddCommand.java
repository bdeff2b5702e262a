package io.hapc.cli.rules;

import io.hapc.admin.CibEdit;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.daemon.EditCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hapc rules add FILE.drl [--name NAME] [--replace]`. */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description =
                "Store a rule file in the CIB; the DC refuses it unless it passes `rules check` and decides within the bounds (docs/RULES.md).")
public final class RulesAddCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "FILE.drl")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "Store it under this name (default: the file's name).")
    String name;

    @Option(names = "--replace", description = "Replace a stored rule file of the same name.")
    boolean replace;

    @Override
    public CibEdit edit() {
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
        }
        return new CibEdit.RuleAdd(name != null ? name : file.getFileName().toString(), source, replace);
    }
}
