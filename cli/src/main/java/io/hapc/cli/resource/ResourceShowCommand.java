package io.hapc.cli.resource;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.daemon.DaemonReadOptions;
import io.hapc.cli.daemon.Json;
import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.report.ClusterStates;
import io.hapc.engine.report.StatusFormatter;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Resource;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hapc resource show [ID…] [--full]` (also `status`): where resources run, or how they are configured. */
@Command(
        name = "show",
        aliases = {"status"},
        mixinStandardHelpOptions = true,
        description = {
            "Without arguments: every resource and where it runs.",
            "With IDs or --full: their configuration (agent, attributes, meta attributes, operations)."
        })
public final class ResourceShowCommand implements Callable<Integer> {
    @Mixin
    DaemonReadOptions read;

    @Parameters(paramLabel = "ID")
    List<String> ids = new ArrayList<>();

    @Option(names = "--full", description = "The configuration of every resource.")
    boolean full;

    @Override
    public Integer call() {
        Cib cib = read.daemon().fetch().cib();
        PrintWriter out = read.out();
        out.print(render(cib, ids, full, read.json(), false));
        out.flush();
        return 0;
    }

    /** The text or JSON this command prints (fencing: devices only; else everything but them). */
    public static String render(Cib cib, List<String> ids, boolean full, boolean json, boolean fencing) {
        List<Resource> chosen = new ArrayList<>();
        for (String id : ids) {
            Resource r = cib.resources().stream()
                    .filter(x -> x.id().equals(id))
                    .findFirst()
                    .or(() -> cib.resources().stream()
                            .flatMap(ResourceShowCommand::inner)
                            .filter(x -> x.id().equals(id))
                            .findFirst())
                    .orElseThrow(() -> new CommandFailure(
                            ExitCodes.INVALID_INPUT,
                            "no " + (fencing ? "fencing device" : "resource") + " '" + id + "' in the CIB"));
            chosen.add(r);
        }
        if (ids.isEmpty()) {
            cib.resources().stream().filter(r -> isFencing(r) == fencing).forEach(chosen::add);
        }
        if (json)
            return Json.write(chosen.stream().map(ResourceConfigText::json).toList()) + "\n";
        if (!ids.isEmpty() || full) {
            StringBuilder sb = new StringBuilder();
            chosen.forEach(r -> sb.append(ResourceConfigText.text(r)));
            return sb.length() == 0
                    ? "No " + (fencing ? "fencing devices" : "resources") + " configured\n"
                    : sb.toString();
        }
        ClusterView view = ClusterUnpacker.unpack(cib, Instant.now());
        StringBuilder sb = new StringBuilder();
        List<String> wanted = chosen.stream().map(Resource::id).toList();
        ClusterView only = new ClusterView(
                view.options(),
                view.quorate(),
                view.now(),
                view.nodes(),
                view.resources().stream().filter(t -> wanted.contains(t.id())).toList(),
                view.constraints());
        sb.append(StatusFormatter.resourceList(only, ClusterStates.current(view), "  "));
        return sb.length() == 0 ? "No " + (fencing ? "fencing devices" : "resources") + " configured\n" : sb.toString();
    }

    private static java.util.stream.Stream<Resource> inner(Resource r) {
        if (r instanceof Resource.Group g) return g.members().stream().map(m -> (Resource) m);
        if (r instanceof Resource.Clone c)
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(c.child()), inner(c.child()));
        return java.util.stream.Stream.empty();
    }

    public static boolean isFencing(Resource r) {
        return r instanceof Resource.Primitive p && p.standard().equals("stonith");
    }
}
