package io.hapc.cli.constraint;

import io.hapc.admin.CibEdit;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc constraint colocation add [ROLE] RSC with [ROLE] WITH-RSC [SCORE] [id=ID]`. */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = {
            "RSC (the dependent) runs where WITH-RSC (the primary) runs; score INFINITY when not given,",
            "a negative score keeps them apart (score=-INFINITY, or the score after --). Roles: Promoted, Unpromoted, Started.",
            "  hapc constraint colocation add WebSite with VIP"
        })
public final class ColocationAddCommand extends EditCommand {
    private static final Set<String> ROLES = Set.of("started", "stopped", "promoted", "unpromoted", "master", "slave");

    @Parameters(paramLabel = "[ROLE] RSC with [ROLE] WITH-RSC [SCORE]")
    List<String> args = new ArrayList<>();

    @Override
    public CibEdit edit() {
        int with = args.indexOf("with");
        if (with < 1 || with > 2 || with == args.size() - 1) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "constraint colocation add: expected [ROLE] RSC with [ROLE] WITH-RSC [SCORE]");
        }
        Optional<String> role = with == 2 ? Optional.of(role(args.get(0))) : Optional.empty();
        String rsc = args.get(with - 1);
        List<String> rest = new ArrayList<>(args.subList(with + 1, args.size()));
        Optional<String> withRole = Optional.empty();
        if (rest.size() >= 2
                && ROLES.contains(rest.get(0).toLowerCase(Locale.ROOT))
                && !rest.get(1).contains("=")
                && !looksLikeScore(rest.get(1))) {
            withRole = Optional.of(rest.remove(0));
        }
        String withRsc = rest.remove(0);
        Optional<String> score = Optional.empty();
        Optional<String> id = Optional.empty();
        for (String a : rest) {
            if (a.startsWith("score=")) score = Optional.of(a.substring("score=".length()));
            else if (a.startsWith("id=")) id = Optional.of(a.substring("id=".length()));
            else if (!a.contains("=") && score.isEmpty()) score = Optional.of(a);
            else
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "constraint colocation add: unexpected '" + a + "' (SCORE, score=, id=)");
        }
        return new CibEdit.ColocationAdd(id, role, rsc, withRole, withRsc, score);
    }

    private static String role(String text) {
        if (!ROLES.contains(text.toLowerCase(Locale.ROOT))) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "constraint colocation add: '" + text + "' is not a role (Promoted, Unpromoted, Started, Stopped)");
        }
        return text;
    }

    private static boolean looksLikeScore(String s) {
        return s.matches("[+-]?(\\d+|INFINITY|inf)");
    }
}
