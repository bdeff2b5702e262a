package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hapc resource move ID [NODE] [lifetime=DURATION] [--promoted]`. */
@Command(
        name = "move",
        mixinStandardHelpOptions = true,
        description = {
            "Move a resource to NODE: location constraint cli-prefer-ID (INFINITY), until the lifetime ends if given",
            "(e.g. lifetime=PT1H or 30min). Without NODE it is banned from the node it runs on.",
            "hapc resource clear ID removes the constraint."
        })
public final class ResourceMoveCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "NODE|lifetime=DURATION")
    List<String> args = new ArrayList<>();

    @Option(
            names = "--lifetime",
            paramLabel = "DURATION",
            description = "How long the constraint counts (e.g. PT1H, 30min).")
    String lifetime;

    @Option(
            names = {"--promoted", "--master"},
            description = "Move the promoted instance of a promotable clone.")
    boolean promoted;

    @Override
    public CibEdit edit() {
        MoveTarget p = MoveTarget.parse(args, lifetime, "resource move " + id);
        return new CibEdit.ResourceMove(id, p.node(), p.lifetime(), promoted);
    }
}
