package io.hapc.cli.cluster;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.cluster.NodeView;
import io.hapc.model.xml.CibXmlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What a daemon's CIB says of membership: which nodes are online members now. */
final class Membership {
    private Membership() {}

    /** The online members as the daemon at `client` knows them; empty when it does not answer (or has no CIB yet). */
    static Optional<Set<String>> online(DaemonClient client) {
        try {
            AdminReply r = client.call(new AdminRequest.GetCib());
            if (!r.ok() || r.cibXml().isEmpty()) return Optional.empty();
            var view = ClusterUnpacker.unpack(CibXmlReader.read(r.cibXml().get(), "the CIB from hapcd"), Instant.now());
            return Optional.of(view.nodes().stream().filter(NodeView::online).map(NodeView::name).collect(Collectors.toSet()));
        } catch (IOException | io.hapc.model.cib.CibFormatException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The last lines of a log, for an error that says why a daemon went away. */
    static String tail(Path log, int lines) {
        try {
            if (!Files.isRegularFile(log)) return "(no log at " + log + ")";
            List<String> all = Files.readAllLines(log);
            if (all.isEmpty()) return "(its log " + log + " is empty: it ended before logging anything)";
            return "last lines of " + log + ":\n  " + String.join("\n  ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
