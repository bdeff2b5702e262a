package io.hapc.daemon.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminGateTest {
    @TempDir
    Path dir;

    private AdminGate gate(AdminReply answer) throws Exception {
        return new AdminGate(
                r -> CompletableFuture.completedFuture(answer),
                new PasswordStore(dir, 1000),
                new TokenStore(dir, Clock.systemUTC(), Duration.ofHours(1)),
                new AuditLog(dir, Clock.systemUTC()));
    }

    @Test
    void theAuditSaysWhatKindOfChangeAndWhatItNamesNeverItsValues() throws Exception {
        AdminGate gate = gate(AdminReply.success("ok"));
        AdminRequest create = new AdminRequest.Edit(new CibEdit.StonithCreate(
                "ipmi-1",
                "fence_ipmilan",
                Map.of("passwd", "hunter2-secret", "ip", "192.0.2.1"),
                List.of(),
                Map.of(),
                false,
                false));
        String what = gate.describe(create);
        assertEquals("edit stonith-create id=ipmi-1", what);
        assertEquals("stop-nodes nodes=all", gate.describe(new AdminRequest.StopNodes(List.of())));
        assertEquals("stop-nodes nodes=n1,n2", gate.describe(new AdminRequest.StopNodes(List.of("n1", "n2"))));
        assertEquals(
                "set-password user=hacluster",
                gate.describe(new AdminRequest.SetPassword("hacluster", "hunter2-secret")));
        gate.handle(create, Caller.local("root")).get();
        gate.handle(new AdminRequest.SetPassword("hacluster", "hunter2-secret"), Caller.local("root"))
                .get();
        String log = Files.readString(dir.resolve(AuditLog.FILE));
        assertFalse(log.contains("hunter2-secret"), log);
        assertTrue(log.contains(" accepted user=root from=local what=\"edit stonith-create id=ipmi-1\"\n"), log);
    }

    @Test
    void readsAreNotAuditedAndRefusalsSayWhy() throws Exception {
        AdminGate gate = gate(AdminReply.failure(3, "resource 'X' does not exist"));
        gate.handle(new AdminRequest.GetCib(), Caller.local("root")).get();
        gate.handle(
                        new AdminRequest.Edit(new CibEdit.ResourceDelete("X")),
                        Caller.remote("hacluster", "10.0.0.5:4000", "abcdef012345"))
                .get();
        List<String> lines = Files.readAllLines(dir.resolve(AuditLog.FILE));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(
                lines.get(0)
                        .endsWith(
                                " refused user=hacluster from=10.0.0.5:4000 token=abcdef012345 what=\"edit resource-delete "
                                        + "id=X\" why=\"resource 'X' does not exist\""),
                lines.get(0));
        assertEquals(Optional.empty(), Caller.local("root").tokenId());
    }
}
