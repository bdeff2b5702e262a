package io.hapc.cli.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hapc.cli.pacemaker.CrmAttribute.Scope;
import io.hapc.cli.pacemaker.CrmAttribute.Target;
import io.hapc.model.cib.Cib;
import io.hapc.model.xml.CibXmlReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** crm_attribute's options as agents give them, mapped to where the attribute lives (Pacemaker's defaults). */
class CrmAttributeTest {
    private static Target target(Map<String, String> env, String... args) {
        CrmAttribute c = new CrmAttribute(null, env);
        new CommandLine(c).parseArgs(args);
        return c.target();
    }

    @Test
    void aPromotionScoreIsTheTransientMasterAttributeOfTheAgentsResourceWithoutItsInstanceNumber() {
        Map<String, String> agent = Map.of("OCF_RESOURCE_INSTANCE", "db:1");
        assertEquals(new Target(Scope.STATUS, "master-db", Optional.empty()), target(agent, "--promotion", "-v", "5"));
        assertEquals(new Target(Scope.STATUS, "master-db", Optional.empty()), target(agent, "-p", "-D"));
        assertEquals(
                new Target(Scope.STATUS, "master-web", Optional.of("n2")),
                target(agent, "--promotion=web", "-N", "n2", "-v", "10"));
        assertEquals(new Target(Scope.NODES, "master-db", Optional.empty()), target(agent, "-p", "-l", "forever"));
        PacemakerTools.ToolFailure none = assertThrows(PacemakerTools.ToolFailure.class, () -> target(Map.of(), "-p"));
        assertEquals(PacemakerTools.CRM_EX_USAGE, none.exitCode);
    }

    @Test
    void withoutPromotionTheLifetimeTypeOrNodeSayWhere() {
        assertEquals(
                new Target(Scope.STATUS, "pingd", Optional.of("n1")),
                target(Map.of(), "-l", "reboot", "-N", "n1", "-n", "pingd", "-v", "100"));
        assertEquals(
                new Target(Scope.NODES, "rack", Optional.of("n1")), target(Map.of(), "-N", "n1", "-n", "rack", "-G"));
        assertEquals(new Target(Scope.STATUS, "x", Optional.empty()), target(Map.of(), "-t", "status", "-n", "x"));
        assertEquals(
                new Target(Scope.CRM_CONFIG, "maintenance-mode", Optional.empty()),
                target(Map.of(), "-n", "maintenance-mode", "-G", "-q"));
        assertEquals(
                PacemakerTools.CRM_EX_USAGE,
                assertThrows(PacemakerTools.ToolFailure.class, () -> target(Map.of(), "-t", "rsc_defaults", "-n", "x"))
                        .exitCode);
        assertEquals(
                PacemakerTools.CRM_EX_USAGE,
                assertThrows(PacemakerTools.ToolFailure.class, () -> target(Map.of(), "-l", "reboot")).exitCode);
    }

    @Test
    void queriesReadTheAttributeWhereItLives() throws Exception {
        Cib cib = CibXmlReader.read(
                Path.of(System.getProperty("hapc.root.dir", "..")).resolve("examples/web-cluster.xml"));
        assertEquals(
                Optional.of("slow"),
                CrmAttribute.lookup(cib, new Target(Scope.NODES, "disk", Optional.empty()), "node3"));
        assertEquals(
                Optional.empty(),
                CrmAttribute.lookup(cib, new Target(Scope.STATUS, "disk", Optional.empty()), "node3"),
                "a configured attribute is not a transient one");
    }

    @Test
    void thePacemakerToolsAreTheirOwnCommandsNotHapcs() {
        assertEquals(true, PacemakerTools.handles(new String[] {"crm_attribute", "-G"}));
        assertEquals(true, PacemakerTools.handles(new String[] {"crm_node", "-n"}));
        assertEquals(false, PacemakerTools.handles(new String[] {"status"}));
        // Nothing listens there: Pacemaker's "not connected" exit code, and a message naming the socket.
        int rc = PacemakerTools.run(
                new String[] {"crm_node", "-l"}, Map.of("HAPC_SOCKET", "/nonexistent/hapc-test/hapcd.sock"));
        assertEquals(PacemakerTools.CRM_EX_DISCONNECT, rc);
    }
}
