package io.hapc.cli.constraint;

import io.hapc.admin.CibEdit;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc constraint location add ID RSC NODE SCORE [resource-discovery=always|never|exclusive]`. */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = {
            "Add a location constraint with its own id. A negative score: score=-100, or after --.",
            "  hapc constraint location add web-on-1 WebSite node1 100"
        })
public final class LocationAddCommand extends EditCommand {
    @Parameters(paramLabel = "ID RSC NODE SCORE [resource-discovery=…]")
    List<String> args = new ArrayList<>();

    @Override
    public CibEdit edit() {
        List<String> plain = new ArrayList<>();
        Optional<String> score = Optional.empty();
        Optional<String> discovery = Optional.empty();
        for (String a : args) {
            if (a.startsWith("score=")) score = Optional.of(a.substring("score=".length()));
            else if (a.startsWith("resource-discovery="))
                discovery = Optional.of(a.substring("resource-discovery=".length()));
            else if (a.contains("="))
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT, "constraint location add: unknown option '" + a + "'");
            else plain.add(a);
        }
        if (score.isEmpty() && plain.size() == 4) score = Optional.of(plain.remove(3));
        if (plain.size() != 3 || score.isEmpty()) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, "constraint location add: expected ID RSC NODE SCORE");
        }
        return new CibEdit.LocationAdd(plain.get(0), plain.get(1), plain.get(2), score.get(), discovery);
    }
}
