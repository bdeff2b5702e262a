package io.hapc.daemon.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.remote.CertificateChangedException;
import io.hapc.admin.remote.RemoteAdminClient;
import io.hapc.admin.remote.RemoteApi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin service over real HTTPS on 127.0.0.1 with the real client: what the daemon behind
 * the gate receives is recorded (the whole daemon is ClusterIT's and HostAuthIT's business).
 */
class RemoteAdminServiceTest {
    @TempDir
    Path dir;

    private final List<AdminRequest> received = new CopyOnWriteArrayList<>();
    private TlsIdentity identity;
    private RemoteAdminService service;
    private AuditLog audit;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Clock clock = Clock.systemUTC();
        identity = TlsIdentity.loadOrCreate(dir, "node1", clock);
        PasswordStore passwords = new PasswordStore(dir, 1000);
        passwords.set("hacluster", "s3cret-pass");
        TokenStore tokens = new TokenStore(dir, clock, Duration.ofHours(1));
        audit = new AuditLog(dir, clock);
        AdminGate gate = new AdminGate(
                r -> {
                    received.add(r);
                    return CompletableFuture.completedFuture(AdminReply.success("done"));
                },
                passwords,
                tokens,
                audit);
        service = RemoteAdminService.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), identity, gate, passwords, tokens, "node1");
        port = service.address().getPort();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private RemoteAdminClient client(Optional<String> pin, Optional<String> token) {
        return new RemoteAdminClient("node1", "127.0.0.1", port, pin, token);
    }

    private List<String> auditLines() throws Exception {
        return Files.readAllLines(audit.file());
    }

    @Test
    void theCertificateIsMadeOnceKept0600AndPinnedOnFirstUse() throws Exception {
        assertTrue(identity.created());
        TlsIdentity again = TlsIdentity.loadOrCreate(dir, "node1", Clock.systemUTC());
        assertFalse(again.created());
        assertEquals(identity.fingerprint(), again.fingerprint());
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(TlsIdentity.FILE))));
        RemoteAdminClient first = client(Optional.empty(), Optional.empty());
        first.auth("hacluster", "s3cret-pass");
        assertEquals(Optional.of(identity.fingerprint()), first.seenFingerprint());
    }

    @Test
    void aTokenFromTheRightPasswordCarriesAdminRequestsAudited() throws Exception {
        RemoteApi.AuthReply token =
                client(Optional.of(identity.fingerprint()), Optional.empty()).auth("hacluster", "s3cret-pass");
        assertEquals("node1", token.node());
        RemoteAdminClient c = client(Optional.of(identity.fingerprint()), Optional.of(token.token()));
        AdminRequest edit = new AdminRequest.Edit(new CibEdit.ResourceDelete("Web"));
        AdminReply r = c.call(edit);
        assertTrue(r.ok(), r.message());
        assertEquals(List.of(edit), received);
        List<String> lines = auditLines();
        assertTrue(lines.get(0).contains(" accepted user=hacluster from=127.0.0.1:"), lines.get(0));
        assertTrue(
                lines.get(1)
                        .matches(".* accepted user=hacluster from=127\\.0\\.0\\.1:\\d+ token=[0-9a-f]{12} "
                                + "what=\"edit resource-delete id=Web\""),
                lines.get(1));
    }

    @Test
    void aWrongPasswordGetsNoTokenAndIsAudited() throws Exception {
        var e = assertThrows(
                RemoteAdminClient.AuthRefusedException.class,
                () -> client(Optional.empty(), Optional.empty()).auth("hacluster", "guess"));
        assertTrue(e.getMessage().contains("wrong user name or password"), e.getMessage());
        assertThrows(
                RemoteAdminClient.AuthRefusedException.class,
                () -> client(Optional.empty(), Optional.empty()).auth("root", "s3cret-pass"));
        List<String> lines = auditLines();
        assertTrue(
                lines.get(0).contains(" refused user=hacluster ")
                        && lines.get(0).endsWith("why=\"wrong password\""),
                lines.get(0));
        assertTrue(
                lines.get(1).contains(" refused user=root ") && lines.get(1).endsWith("why=\"unknown user\""),
                lines.get(1));
    }

    @Test
    void repeatedWrongPasswordsHoldTheAddressBackEvenFromTheRightOne() throws Exception {
        for (int i = 0; i < AuthThrottle.MAX_FAILURES; i++) {
            assertThrows(
                    RemoteAdminClient.AuthRefusedException.class,
                    () -> client(Optional.empty(), Optional.empty()).auth("hacluster", "guess"));
        }
        var held = assertThrows(
                RemoteAdminClient.AuthRefusedException.class,
                () -> client(Optional.empty(), Optional.empty()).auth("hacluster", "s3cret-pass"));
        assertTrue(held.getMessage().contains("too many failed attempts from 127.0.0.1"), held.getMessage());
        List<String> lines = auditLines();
        assertTrue(
                lines.get(lines.size() - 1).contains("why=\"held back after 5 failures, until "),
                lines.get(lines.size() - 1));
    }

    @Test
    void aForgedTokenReachesNothing() throws Exception {
        RemoteAdminClient c = client(
                Optional.of(identity.fingerprint()), Optional.of("hapc1.forgedforgedforgedforgedforgedforgedforg"));
        AdminReply r = c.call(new AdminRequest.Edit(new CibEdit.ResourceDelete("Web")));
        assertFalse(r.ok());
        assertTrue(r.message().contains("does not know this token"), r.message());
        assertEquals(List.of(), received);
        assertTrue(
                auditLines().get(0).contains("refused user=- from=127.0.0.1:"),
                auditLines().get(0));
    }

    @Test
    void aChangedCertificateIsRefusedBeforeAnythingIsSent() throws Exception {
        RemoteAdminClient c = client(Optional.of("00:11:22"), Optional.empty());
        CertificateChangedException e =
                assertThrows(CertificateChangedException.class, () -> c.auth("hacluster", "s3cret-pass"));
        assertEquals(identity.fingerprint(), e.seen());
        assertTrue(e.getMessage().contains("hapc host deauth node1"), e.getMessage());
        assertEquals(List.of(), auditLines(), "the password never reached the node");
    }

    @Test
    void aCertificateRemadeOnTheNodeIsNoLongerTheOnePinned() throws Exception {
        String pinned = identity.fingerprint();
        service.close();
        Files.delete(dir.resolve(TlsIdentity.FILE)); // state wiped, or another machine took the address
        TlsIdentity remade = TlsIdentity.loadOrCreate(dir, "node1", Clock.systemUTC());
        PasswordStore passwords = new PasswordStore(dir, 1000);
        TokenStore tokens = new TokenStore(dir, Clock.systemUTC(), Duration.ofHours(1));
        AdminGate gate = new AdminGate(
                r -> CompletableFuture.completedFuture(AdminReply.success("done")), passwords, tokens, audit);
        service = RemoteAdminService.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                remade,
                gate,
                passwords,
                tokens,
                "node1");
        CertificateChangedException e = assertThrows(
                CertificateChangedException.class,
                () -> client(Optional.of(pinned), Optional.empty()).auth("hacluster", "s3cret-pass"));
        assertEquals(pinned, e.pinned());
        assertEquals(remade.fingerprint(), e.seen());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "the certificate of node1 (127.0.0.1:" + port + ") has changed: it presented SHA-256 "
                                        + remade.fingerprint() + ", but hapc pinned " + pinned),
                e.getMessage());
    }

    @Test
    void passwordsAreSetOnTheNodeOnlyAndTokensCanBeRevoked() throws Exception {
        RemoteApi.AuthReply token = client(Optional.empty(), Optional.empty()).auth("hacluster", "s3cret-pass");
        RemoteAdminClient c = client(Optional.of(identity.fingerprint()), Optional.of(token.token()));
        AdminReply r = c.call(new AdminRequest.SetPassword("hacluster", "another-pass"));
        assertFalse(r.ok());
        assertTrue(r.message().contains("only accepted on the node itself"), r.message());
        assertTrue(c.deauth().ok());
        assertFalse(c.call(new AdminRequest.GetCib()).ok(), "a revoked token");
        assertEquals(List.of(), received);
    }

    @Test
    void everyOtherPathAndMethodIsRefused() throws Exception {
        RemoteAdminClient c = client(Optional.empty(), Optional.empty());
        c.auth(
                "hacluster",
                "s3cret-pass"); // (to learn nothing more than a token: the service answers only its 3 paths)
        var http = java.net.http.HttpClient.newBuilder().sslContext(insecure()).build();
        var get = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + port + "/remote/admin"))
                        .GET()
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        var other = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + port + "/"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(404, other.statusCode());
        var noToken = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + port + "/remote/admin"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"get-cib\"}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode());
        assertTrue(noToken.body().contains("no token: run `hapc host auth node1` first"), noToken.body());
        var noTokenDeauth = http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("https://127.0.0.1:" + port + "/remote/deauth"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noTokenDeauth.statusCode());
        assertEquals(List.of(), received);
        assertTrue(
                auditLines().stream()
                        .anyMatch(l ->
                                l.contains("refused user=- ") && l.endsWith("what=\"admin request\" why=\"no token\"")),
                auditLines().toString());
    }

    private javax.net.ssl.SSLContext insecure() throws Exception {
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(
                null,
                new javax.net.ssl.TrustManager[] {new io.hapc.admin.remote.PinningTrustManager(Optional.empty())},
                null);
        return ctx;
    }
}
