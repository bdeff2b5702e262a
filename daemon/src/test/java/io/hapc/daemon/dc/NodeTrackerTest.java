package io.hapc.daemon.dc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.xml.CibXmlReader;
import io.hapc.transport.Membership;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeTrackerTest {
    private static final Instant NOW = Instant.parse("2026-12-04T17:00:00Z");
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private static ResourceHistory probed(String rsc) {
        return new ResourceHistory(rsc, "ocf", Optional.of("heartbeat"), "Dummy", List.of());
    }

    /**
     * A cleanup of every resource makes a member forget and probe each again, and the member answers each forget
     * with its whole history. The first answer came while the others were still forgotten: taken as the node's
     * answer to all, it let the DC decide at once, and it started a resource elsewhere that still ran there (a
     * double-active the fault campaign saw after its repair's cleanup).
     */
    @Test
    void oneReprobeAnsweredDoesNotEndTheWaitForTheOthersOfThatNode() throws Exception {
        var cib = CibXmlReader.read("""
                <cib validate-with="pacemaker-3.9" admin_epoch="0" epoch="1" num_updates="0">
                  <configuration><crm_config/><nodes><node id="n1" uname="n1"/><node id="n2" uname="n2"/></nodes>
                  <resources/><constraints/></configuration><status/>
                </cib>""", "test");
        NodeTracker nodes = new NodeTracker(cib, new Membership(1, Set.of("n1", "n2")), NOW, "#warning-", e -> {});
        nodes.reported("n1", List.of());
        nodes.reported("n2", List.of());
        assertFalse(nodes.waitingForJoins(NOW, JOIN_TIMEOUT));

        nodes.reprobing(new NodeTracker.Reprobe("n2", "P1"), NOW.plus(JOIN_TIMEOUT));
        nodes.reprobing(new NodeTracker.Reprobe("n2", "P2"), NOW.plus(JOIN_TIMEOUT));
        assertTrue(nodes.waitingForJoins(NOW, JOIN_TIMEOUT), "nobody knows yet whether P1 and P2 run on n2");

        nodes.reported("n2", List.of(probed("P1")));
        assertTrue(nodes.waitingForJoins(NOW.plusSeconds(1), JOIN_TIMEOUT), "P2 is still being probed on n2");

        nodes.reported("n2", List.of(probed("P1"), probed("P2")));
        assertFalse(nodes.waitingForJoins(NOW.plusSeconds(2), JOIN_TIMEOUT), "both answered");

        nodes.reprobing(new NodeTracker.Reprobe("n2", "P3"), NOW.plus(JOIN_TIMEOUT));
        assertFalse(
                nodes.waitingForJoins(NOW.plus(JOIN_TIMEOUT), JOIN_TIMEOUT),
                "a node that never answers is waited for only until the deadline");
    }
}
