package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hapc resource ban ID [NODE] [lifetime=DURATION] [--promoted]`. */
@Command(
        name = "ban",
        mixinStandardHelpOptions = true,
        description = {
            "Keep a resource off NODE (default: the node it runs on): location constraint cli-ban-ID-on-NODE",
            "(-INFINITY), until the lifetime ends if given. hapc resource clear ID removes it."
        })
public final class ResourceBanCommand extends EditCommand {
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
            description = "Ban only the promoted role of a promotable clone.")
    boolean promoted;

    @Override
    public CibEdit edit() {
        MoveTarget p = MoveTarget.parse(args, lifetime, "resource ban " + id);
        return new CibEdit.ResourceBan(id, p.node(), p.lifetime(), promoted);
    }
}
