package io.hapc.daemon.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.admin.CibEdit;
import io.hapc.admin.CibEditor;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.agents.fence.FenceResult;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.engine.PolicyEngine;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.NvSet;
import io.hapc.model.xml.CibXmlReader;
import io.hapc.transport.CibTooLargeException;
import io.hapc.transport.Membership;
import io.hapc.transport.StoredCib;
import io.hapc.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An edit that makes the CIB too large for the store: refused with the limit named, the DC unchanged
 * (it never shows or later applies it), still DC, and not retrying.
 */
class DcEditTooLargeTest {
    private static final int LIMIT = 1_000_000;

    private static final String CIB = """
            <cib validate-with="pacemaker-3.9" admin_epoch="0" epoch="5" num_updates="0">
              <configuration>
                <crm_config><cluster_property_set id="opts">
                  <nvpair id="o1" name="stonith-enabled" value="false"/>
                </cluster_property_set></crm_config>
                <nodes><node id="n1" uname="n1"/></nodes>
                <resources/>
                <constraints/>
              </configuration>
              <status/>
            </cib>
            """;

    /** A store that refuses a CIB over LIMIT characters, as the ZooKeeper transport refuses one over a znode. */
    private static final class Store implements DcContext {
        final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        final List<Cib> written = new ArrayList<>();
        final List<String> steppedDown = new ArrayList<>();
        final List<Runnable> timers = new ArrayList<>();
        int attempts;

        @Override
        public String localNode() {
            return "n1";
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public void send(String node, DaemonMessage message) {}

        @Override
        public void schedule(Duration delay, Runnable task) {
            timers.add(task);
        }

        @Override
        public StoredCib writeCib(String xml, Cib cib, long expectedRevision, long dcEpoch) throws TransportException {
            attempts++;
            if (xml.length() > LIMIT) {
                throw new CibTooLargeException(
                        "the CIB's configuration would be " + xml.length() + " bytes compressed, over the " + LIMIT
                                + " bytes one ZooKeeper znode may hold (jute.maxbuffer); nothing was written",
                        xml.length(),
                        LIMIT);
            }
            written.add(cib);
            return new StoredCib(xml, cib.version(), expectedRevision + 1, "n1", dcEpoch);
        }

        @Override
        public CompletableFuture<FenceResult> fence(Cib cib, String node, String action) {
            return new CompletableFuture<>();
        }

        /** Sets the properties asked, as `hapc property set` does (a new epoch). */
        @Override
        public CibEditor.EditOutcome applyEdit(Cib current, CibEdit edit) {
            Map<String, String> values =
                    new LinkedHashMap<>(current.propertySets().get(0).values());
            values.putAll(((CibEdit.PropertySet) edit).values());
            Cib edited = current.withPropertySets(List.of(NvSet.of("opts", values)))
                    .withVersion(current.version().nextEpoch());
            return new CibEditor.EditOutcome(edited, "set", List.of(), true);
        }

        @Override
        public void stepDown(String why) {
            steppedDown.add(why);
        }

        @Override
        public void leave() {}

        void runTimers() {
            for (int i = 0; i < 20 && !timers.isEmpty(); i++) {
                List<Runnable> due = List.copyOf(timers);
                timers.clear();
                due.forEach(Runnable::run);
            }
        }
    }

    @Test
    void anEditTooLargeToStoreIsRefusedNamingTheLimitAndTheDcStaysAsItWas() throws Exception {
        Store store = new Store();
        PolicyRules rules = PolicyRules.builtIn();
        DesignatedController dc = new DesignatedController(
                store,
                3,
                CibXmlReader.read(CIB, "test"),
                0,
                new Membership(1, Set.of("n1")),
                c -> new PolicyEngine(rules, store.clock).decide(c),
                Duration.ofSeconds(10));
        dc.start();
        dc.message(new DaemonMessage.NodeHistory("n1", List.of()));
        store.runTimers();

        assertTrue(edit(dc, Map.of("first", "1")).ok());
        int writes = store.written.size();
        int attempts = store.attempts;

        AdminReply refused = edit(dc, Map.of("huge", "x".repeat(LIMIT)));
        assertFalse(refused.ok());
        assertEquals(3, refused.exitCode(), refused.message());
        assertTrue(
                refused.message().contains("over the 1000000 bytes one ZooKeeper znode may hold"), refused.message());
        assertTrue(refused.message().contains("The cluster is unchanged"), refused.message());
        assertEquals(attempts + 1, store.attempts, "one attempt");
        store.runTimers();
        dc.tick();
        store.runTimers();
        assertEquals(attempts + 1, store.attempts, "not retried");
        assertEquals(List.of(), store.steppedDown, "still DC");
        assertTrue(dc.currentCib().property("huge").isEmpty(), "not adopted");
        assertEquals(writes, store.written.size());

        AdminReply next = edit(dc, Map.of("second", "2"));
        assertTrue(next.ok(), next.message());
        Cib stored = store.written.get(store.written.size() - 1);
        assertEquals("1", stored.property("first").orElse(null));
        assertEquals("2", stored.property("second").orElse(null));
        assertTrue(stored.property("huge").isEmpty(), "a refused edit never comes back with a later one");
        assertTrue(dc.currentCib().property("huge").isEmpty());
        for (int i = 1; i < store.written.size(); i++) {
            assertTrue(
                    store.written
                                    .get(i)
                                    .version()
                                    .compareTo(store.written.get(i - 1).version())
                            > 0,
                    "versions only grow");
        }
    }

    private static AdminReply edit(DesignatedController dc, Map<String, String> values) throws Exception {
        return dc.admin(new AdminRequest.Edit(new CibEdit.PropertySet(values))).get();
    }
}
