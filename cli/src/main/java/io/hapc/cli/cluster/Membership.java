package io.hapc.cli.cluster;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.cluster.NodeView;
import io.hapc.model.xml.CibXmlReader;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What a daemon's CIB says of membership: which nodes are online members now. */
final class Membership {
    private Membership() {}

    /** The online members as the daemon at `client` knows them; empty when it does not answer (or has no CIB yet). */
    static Optional<Set<String>> online(io.hapc.admin.protocol.AdminChannel client) {
        try {
            AdminReply r = client.call(new AdminRequest.GetCib());
            if (!r.ok() || r.cibXml().isEmpty()) return Optional.empty();
            var view = ClusterUnpacker.unpack(CibXmlReader.read(r.cibXml().get(), "the CIB from hapcd"), Instant.now());
            return Optional.of(view.nodes().stream()
                    .filter(NodeView::online)
                    .map(NodeView::name)
                    .collect(Collectors.toSet()));
        } catch (IOException | io.hapc.model.cib.CibFormatException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
