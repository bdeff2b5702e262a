package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc resource cleanup [ID] [node=NODE]`. */
@Command(
        name = "cleanup",
        mixinStandardHelpOptions = true,
        description = {
            "Forget a resource's failures (all resources without ID; one node with node=NODE): its failed",
            "operation history and fail counts go, so its node probes it again and migration-threshold counts from 0."
        })
public final class ResourceCleanupCommand extends EditCommand {
    @Parameters(arity = "0..2", paramLabel = "ID|node=NODE")
    List<String> args = new ArrayList<>();

    @Override
    public CibEdit edit() {
        Optional<String> id = Optional.empty();
        Optional<String> node = Optional.empty();
        for (String a : args) {
            if (a.startsWith("node=")) node = Optional.of(a.substring("node=".length()));
            else if (a.contains("="))
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT, "resource cleanup: unknown option '" + a + "' (expected node=NODE)");
            else if (id.isPresent())
                throw new CommandFailure(ExitCodes.INVALID_INPUT, "resource cleanup: one resource at a time");
            else id = Optional.of(a);
        }
        return new CibEdit.ResourceCleanup(id, node);
    }
}
