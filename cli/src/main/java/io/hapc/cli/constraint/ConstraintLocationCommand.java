package io.hapc.cli.constraint;

import io.hapc.admin.CibEdit;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc constraint location RSC prefers|avoids NODE[=SCORE]…`, and `location add|remove`. */
@Command(
        name = "location",
        mixinStandardHelpOptions = true,
        description = {
            "RSC prefers|avoids NODE[=SCORE]… (score INFINITY when not given), e.g.",
            "  hapc constraint location WebSite prefers node1=50 node2"
        },
        subcommands = {LocationAddCommand.class, LocationRemoveCommand.class})
public final class ConstraintLocationCommand extends EditCommand {
    @Parameters(paramLabel = "RSC prefers|avoids NODE[=SCORE]")
    List<String> args = new ArrayList<>();

    @Override
    public CibEdit edit() {
        if (args.size() < 3 || !List.of("prefers", "avoids").contains(args.get(1))) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "constraint location: expected RSC prefers|avoids NODE[=SCORE]… "
                            + "(or location add ID RSC NODE SCORE, location remove ID)");
        }
        Map<String, String> nodes = new LinkedHashMap<>();
        for (String a : args.subList(2, args.size())) {
            int eq = a.indexOf('=');
            if (eq == 0)
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT, "constraint location: '" + a + "' is not NODE[=SCORE]");
            nodes.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "" : a.substring(eq + 1));
        }
        return args.get(1).equals("prefers")
                ? new CibEdit.LocationPrefers(args.get(0), nodes)
                : new CibEdit.LocationAvoids(args.get(0), nodes);
    }

    @Override
    public Integer call() {
        if (args.isEmpty()) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        return super.call();
    }
}
