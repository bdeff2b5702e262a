package io.hapc.admin.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.protocol.AdminChannel;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Talks to one node's admin service over HTTPS, trusting only the certificate pinned for it (or,
 * without a pin, whatever it presents: {@link #seenFingerprint()} says what to pin). Admin requests
 * carry the token; their replies are the same {@link AdminReply} as over the local socket.
 */
public final class RemoteAdminClient implements AdminChannel {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // The daemon waits up to 120 s for the DC's answer: a little more here.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(130);

    private final String node;
    private final String host;
    private final int port;
    private final Optional<String> pin;
    private final Optional<String> token;
    private final PinningTrustManager trust;
    private final HttpClient http;
    private final ObjectMapper json = ProtocolJson.mapper();

    public RemoteAdminClient(String node, String host, int port, Optional<String> pin, Optional<String> token) {
        this.node = node;
        this.host = host;
        this.port = port;
        this.pin = pin;
        this.token = token;
        this.trust = new PinningTrustManager(pin);
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trust}, null);
            http = HttpClient.newBuilder()
                    .sslContext(tls)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no TLS: " + e, e);
        }
    }

    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String describe() {
        return node + "'s admin service (" + address() + ")";
    }

    /** The fingerprint of the certificate the node presented, once a request reached it. */
    public Optional<String> seenFingerprint() {
        return trust.seen();
    }

    /** Asks for a token; a refusal comes back as an {@link AuthRefusedException} with the node's reason. */
    public RemoteApi.AuthReply auth(String user, String password) throws IOException {
        HttpResponse<String> r =
                post(RemoteApi.AUTH, json.writeValueAsString(new RemoteApi.AuthRequest(user, password)), false);
        if (r.statusCode() == 200) {
            try {
                return json.readValue(r.body(), RemoteApi.AuthReply.class);
            } catch (JsonProcessingException e) {
                throw new IOException(describe() + " answered with an unreadable token: " + e.getOriginalMessage(), e);
            }
        }
        throw new AuthRefusedException(reply(r).message());
    }

    @Override
    public AdminReply call(AdminRequest request) throws IOException {
        return reply(post(RemoteApi.ADMIN, json.writeValueAsString(request), true));
    }

    /** Revokes this client's token on the node. */
    public AdminReply deauth() throws IOException {
        return reply(post(RemoteApi.DEAUTH, "{}", true));
    }

    private AdminReply reply(HttpResponse<String> r) throws IOException {
        try {
            return json.readValue(r.body(), AdminReply.class);
        } catch (JsonProcessingException e) {
            throw new IOException(
                    describe() + " answered HTTP " + r.statusCode() + " with a body that is not an admin reply "
                            + "(is that port a hapcd admin service?)",
                    e);
        }
    }

    private HttpResponse<String> post(String path, String body, boolean withToken) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://" + address() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (withToken) {
            b.header(
                    "Authorization",
                    RemoteApi.BEARER + token.orElseThrow(() -> new IllegalStateException("no token for " + node)));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (trust.mismatch())
                throw new CertificateChangedException(
                        node, address(), pin.orElseThrow(), trust.seen().orElseThrow());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + describe(), e);
        }
    }

    /** The node refused to issue a token (wrong password, unknown user, no password set): its reason. */
    public static final class AuthRefusedException extends IOException {
        public AuthRefusedException(String message) {
            super(message);
        }
    }
}
