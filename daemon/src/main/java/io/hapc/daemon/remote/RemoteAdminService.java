package io.hapc.daemon.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import io.hapc.admin.remote.RemoteApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin service (pcsd's role): HTTPS on port 2224 by default, the JDK's HTTPS server with
 * this node's self-signed certificate. {@link RemoteApi#AUTH} trades the password of a user of
 * the hapc password store for a token; every other endpoint wants a valid token, and
 * {@link RemoteApi#ADMIN} then takes the same requests as the local socket, through the same
 * {@link AdminGate} (audited alike). Nothing else is served.
 */
public final class RemoteAdminService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteAdminService.class);
    private static final long REPLY_TIMEOUT_S = 120;
    /** Far above any admin request (a rule file is the largest), far below what could hurt the daemon. */
    private static final int MAX_BODY_BYTES = 4 << 20;

    private final HttpsServer server;
    private final ExecutorService threads;
    private final AdminGate gate;
    private final PasswordStore passwords;
    private final TokenStore tokens;
    private final String nodeName;
    private final AuthThrottle throttle;
    private final ObjectMapper json = ProtocolJson.mapper();

    private RemoteAdminService(
            HttpsServer server,
            ExecutorService threads,
            AdminGate gate,
            PasswordStore passwords,
            TokenStore tokens,
            String nodeName,
            java.time.Clock clock) {
        this.server = server;
        this.throttle = new AuthThrottle(clock);
        this.threads = threads;
        this.gate = gate;
        this.passwords = passwords;
        this.tokens = tokens;
        this.nodeName = nodeName;
    }

    /** Listens on `address` with `identity`; an address in use is an IOException naming it. */
    public static RemoteAdminService start(
            InetSocketAddress address,
            TlsIdentity identity,
            AdminGate gate,
            PasswordStore passwords,
            TokenStore tokens,
            String nodeName)
            throws IOException {
        return start(address, identity, gate, passwords, tokens, nodeName, java.time.Clock.systemUTC());
    }

    /** With the clock that times the hold-back of repeated failed authentications. */
    public static RemoteAdminService start(
            InetSocketAddress address,
            TlsIdentity identity,
            AdminGate gate,
            PasswordStore passwords,
            TokenStore tokens,
            String nodeName,
            java.time.Clock clock)
            throws IOException {
        HttpsServer server;
        try {
            server = HttpsServer.create(address, 16);
        } catch (java.net.BindException e) {
            throw new IOException(
                    "cannot listen on " + address + " (" + e.getMessage() + "): another hapcd or pcsd there? "
                            + "set admin.port (or admin.bind) in hapcd.conf, or admin.port=off",
                    e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(identity.context()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = identity.context().getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(p);
            }
        });
        // Threads of its own: remote clients cannot take the workers the agents' calls need.
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "hapcd-remote-admin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        RemoteAdminService service = new RemoteAdminService(server, threads, gate, passwords, tokens, nodeName, clock);
        server.createContext("/", service::serve);
        server.start();
        return service;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String from = exchange.getRemoteAddress().getAddress().getHostAddress() + ":"
                    + exchange.getRemoteAddress().getPort();
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, AdminReply.failure(3, "the admin service takes POST requests only"));
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                gate.audit()
                        .refused(
                                Caller.unauthenticated("-", from),
                                "request to " + path,
                                "body over " + MAX_BODY_BYTES + " bytes");
                send(exchange, 413, AdminReply.failure(3, "request too large (over " + MAX_BODY_BYTES + " bytes)"));
                return;
            }
            switch (path) {
                case RemoteApi.AUTH -> auth(exchange, body, from);
                case RemoteApi.ADMIN, RemoteApi.DEAUTH -> authorized(exchange, path, body, from);
                default -> {
                    gate.audit().refused(Caller.unauthenticated("-", from), "request to " + path, "no such endpoint");
                    send(exchange, 404, AdminReply.failure(3, "no such endpoint: " + path));
                }
            }
        } catch (RuntimeException e) {
            log.error("admin service: {}", e.toString(), e);
        }
    }

    private void auth(HttpExchange exchange, byte[] body, String from) throws IOException {
        RemoteApi.AuthRequest request;
        try {
            request = json.readValue(body, RemoteApi.AuthRequest.class);
        } catch (JsonProcessingException e) {
            gate.audit().refused(Caller.unauthenticated("-", from), "auth", "unreadable request");
            send(exchange, 400, AdminReply.failure(3, "unreadable auth request: " + e.getOriginalMessage()));
            return;
        }
        String user = request.user() == null ? "" : request.user();
        Caller caller = Caller.unauthenticated(user, from);
        String source = exchange.getRemoteAddress().getAddress().getHostAddress();
        Optional<java.time.Instant> held = throttle.heldUntil(source);
        if (held.isPresent()) {
            gate.audit()
                    .refused(
                            caller,
                            "auth",
                            "held back after " + AuthThrottle.MAX_FAILURES + " failures, until " + held.get());
            send(
                    exchange,
                    429,
                    AdminReply.failure(
                            3,
                            "authentication on " + nodeName + " refused: too many failed attempts from " + source
                                    + "; try again after " + held.get()));
            return;
        }
        PasswordStore.Check check = passwords.check(user, request.password() == null ? "" : request.password());
        if (check == PasswordStore.Check.ACCEPTED) throttle.succeeded(source);
        else throttle.failed(source);
        switch (check) {
            case ACCEPTED -> {
                TokenStore.Issued issued = tokens.issue(user);
                gate.audit()
                        .accepted(
                                new Caller(
                                        user, from, Optional.of(issued.entry().id())),
                                "auth (token valid until " + issued.entry().expires() + ")");
                sendJson(
                        exchange,
                        200,
                        new RemoteApi.AuthReply(
                                nodeName,
                                user,
                                issued.token(),
                                issued.entry().expires().toString()));
            }
            case NO_PASSWORDS -> {
                gate.audit().refused(caller, "auth", "no password set on this node");
                send(
                        exchange,
                        401,
                        AdminReply.failure(
                                3,
                                "authentication of '" + user + "' on " + nodeName + " refused: no "
                                        + "password is set there; on " + nodeName + " run `hapc host set-password -u "
                                        + user + "` first"));
            }
            default -> {
                gate.audit()
                        .refused(
                                caller,
                                "auth",
                                check == PasswordStore.Check.UNKNOWN_USER ? "unknown user" : "wrong password");
                send(
                        exchange,
                        401,
                        AdminReply.failure(
                                3,
                                "authentication of '" + user + "' on " + nodeName + " refused: wrong "
                                        + "user name or password (the password set there with `hapc host set-password`)"));
            }
        }
    }

    private void authorized(HttpExchange exchange, String path, byte[] body, String from) throws IOException {
        String header = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))
                .orElse("");
        String what = path.equals(RemoteApi.DEAUTH) ? "deauth" : "admin request";
        if (!header.startsWith(RemoteApi.BEARER)) {
            gate.audit().refused(Caller.unauthenticated("-", from), what, "no token");
            send(exchange, 401, AdminReply.failure(3, "no token: run `hapc host auth " + nodeName + "` first"));
            return;
        }
        String token = header.substring(RemoteApi.BEARER.length()).strip();
        TokenStore.Verdict verdict = tokens.verify(token);
        if (verdict instanceof TokenStore.Verdict.Unknown) {
            gate.audit()
                    .refused(
                            Caller.unauthenticated("-", from),
                            what,
                            "unknown token (forged, revoked or from before a reset)");
            send(
                    exchange,
                    401,
                    AdminReply.failure(
                            3,
                            nodeName + " does not know this token (revoked, or never issued by it): "
                                    + "run `hapc host auth " + nodeName + "` again"));
            return;
        }
        if (verdict instanceof TokenStore.Verdict.Expired x) {
            Caller caller = Caller.remote(x.entry().user(), from, x.entry().id());
            gate.audit().refused(caller, what, "token expired at " + x.entry().expires());
            send(
                    exchange,
                    401,
                    AdminReply.failure(
                            3,
                            "the token for " + nodeName + " expired at "
                                    + x.entry().expires() + ": run `hapc host auth " + nodeName + "` again"));
            return;
        }
        TokenStore.Entry entry = ((TokenStore.Verdict.Valid) verdict).entry();
        Caller caller = Caller.remote(entry.user(), from, entry.id());
        if (path.equals(RemoteApi.DEAUTH)) {
            tokens.revoke(token);
            gate.audit().accepted(caller, "deauth (token revoked)");
            send(exchange, 200, AdminReply.success("token revoked on " + nodeName));
            return;
        }
        AdminRequest request;
        try {
            request = json.readValue(body, AdminRequest.class);
        } catch (JsonProcessingException e) {
            gate.audit().refused(caller, what, "unreadable request");
            send(exchange, 400, AdminReply.failure(3, "unreadable request: " + e.getOriginalMessage()));
            return;
        }
        AdminReply reply;
        try {
            reply = gate.handle(request, caller).get(REPLY_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            reply = AdminReply.failure(5, "no answer within " + REPLY_TIMEOUT_S + " s");
        } catch (ExecutionException e) {
            reply = AdminReply.failure(5, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = AdminReply.failure(5, "hapcd is stopping");
        }
        send(exchange, 200, reply);
    }

    /** The body, or null when it is larger than allowed. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
        return b.length > MAX_BODY_BYTES ? null : b;
    }

    private void send(HttpExchange exchange, int status, AdminReply reply) throws IOException {
        sendJson(exchange, status, reply);
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops once the exchanges under way (the reply to the request that ends this service, say) are answered, within 2 s. */
    public void closeAfterReplies() {
        server.stop(2);
        threads.shutdown();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
