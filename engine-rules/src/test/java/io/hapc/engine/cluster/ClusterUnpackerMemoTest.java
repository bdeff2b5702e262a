package io.hapc.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hapc.engine.whatif.WhatIf;
import io.hapc.model.cib.Cib;
import io.hapc.model.xml.CibXmlReader;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The memoised unpack a long-lived DC uses must give exactly what a fresh unpack gives. */
class ClusterUnpackerMemoTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static Cib example() throws Exception {
        String root = System.getProperty("hapc.root.dir", "..");
        return CibXmlReader.read(Path.of(root, "examples", "web-cluster.xml"));
    }

    @Test
    void afterANodeFailureTheMemoisedViewEqualsAFreshOne() throws Exception {
        Cib healthy = example();
        ClusterView before = ClusterUnpacker.unpack(healthy, NOW);
        Cib failed = WhatIf.nodeFail(healthy, "node1");
        ClusterView memoised = ClusterUnpacker.unpack(failed, NOW, new ClusterUnpacker.Memo(healthy, before));
        assertEquals(ClusterUnpacker.unpack(failed, NOW), memoised);
        // What ran on node1 was unpacked again; the fence device on node2 was reused as it was.
        assertNotSame(
                before.primitivesById().get("VIP"), memoised.primitivesById().get("VIP"));
        assertSame(
                before.primitivesById().get("fence-all"),
                memoised.primitivesById().get("fence-all"));
    }

    @Test
    void afterAnInjectedFailureTheMemoisedViewEqualsAFreshOne() throws Exception {
        Cib healthy = example();
        ClusterView before = ClusterUnpacker.unpack(healthy, NOW);
        Cib failed = WhatIf.injectOperation(healthy, "WebSite_monitor_30000@node1=7", NOW);
        ClusterView memoised = ClusterUnpacker.unpack(failed, NOW, new ClusterUnpacker.Memo(healthy, before));
        assertEquals(ClusterUnpacker.unpack(failed, NOW), memoised);
    }

    @Test
    void aConfigurationChangeIsUnpackedInFull() throws Exception {
        Cib healthy = example();
        ClusterView before = ClusterUnpacker.unpack(healthy, NOW);
        ClusterView later =
                ClusterUnpacker.unpack(healthy, NOW.plusSeconds(60), new ClusterUnpacker.Memo(healthy, before));
        assertNotSame(
                before.primitivesById().get("fence-all"), later.primitivesById().get("fence-all"));
    }
}
