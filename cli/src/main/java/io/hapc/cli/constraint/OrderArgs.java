package io.hapc.cli.constraint;

import io.hapc.admin.CibEdit;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** `[ACTION] FIRST then [ACTION] THEN [kind=…] [symmetrical=…] [id=…]` of constraint order (add). */
final class OrderArgs {
    private static final Set<String> ACTIONS = Set.of("start", "stop", "promote", "demote");

    private OrderArgs() {}

    static CibEdit.OrderAdd parse(List<String> args) {
        int then = args.indexOf("then");
        if (then < 1 || then > 2 || then == args.size() - 1) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "constraint order: expected [ACTION] FIRST then [ACTION] THEN "
                            + "[kind=Mandatory|Optional|Serialize] [symmetrical=true|false]");
        }
        Optional<String> firstAction = then == 2 ? Optional.of(args.get(0)) : Optional.empty();
        String first = args.get(then - 1);
        int i = then + 1;
        Optional<String> thenAction = Optional.empty();
        if (i + 1 < args.size()
                && ACTIONS.contains(args.get(i).toLowerCase(Locale.ROOT))
                && !args.get(i + 1).contains("=")) {
            thenAction = Optional.of(args.get(i++));
        }
        String second = args.get(i++);
        Optional<String> kind = Optional.empty();
        Optional<String> symmetrical = Optional.empty();
        Optional<String> id = Optional.empty();
        for (String a : args.subList(i, args.size())) {
            if (a.startsWith("kind=")) kind = Optional.of(a.substring(5));
            else if (a.startsWith("symmetrical=")) symmetrical = Optional.of(a.substring("symmetrical=".length()));
            else if (a.startsWith("id=")) id = Optional.of(a.substring(3));
            else
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT, "constraint order: unexpected '" + a + "' (kind=, symmetrical=, id=)");
        }
        return new CibEdit.OrderAdd(id, firstAction, first, thenAction, second, kind, symmetrical);
    }
}
