package io.hapc.cli.status;

import io.hapc.cli.OutputOption;
import io.hapc.cli.daemon.DaemonOptions;
import io.hapc.cli.daemon.Json;
import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.cluster.ClusterView;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `hapc status [--full] [--output json]`: the cluster as the daemon's CIB has it, in pcs status's layout. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the cluster: DC and quorum, nodes, resources, warnings.",
                "--output json prints {\"dc\", \"quorate\", \"nodes\": [...], \"resources\": [...]} (a contract for scripts)."})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Mixin
    OutputOption output;

    @Option(names = "--full", description = "Also node attributes, fail counts and failed operations.")
    boolean full;

    @Override
    public Integer call() {
        DaemonOptions.Snapshot s = daemon.fetch();
        Instant now = Instant.now();
        ClusterView view = ClusterUnpacker.unpack(s.cib(), now);
        List<String> ruleWarnings = daemon.warnings(); // from the DC: status runs no rules
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, StatusJson.report(s.cib(), view, s.dcName(), ruleWarnings));
        } else {
            out.print(StatusText.render(s.cib(), view, s.dcName(), full, ruleWarnings));
            out.flush();
        }
        return 0;
    }
}
