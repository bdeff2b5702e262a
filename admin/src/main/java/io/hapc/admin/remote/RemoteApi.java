package io.hapc.admin.remote;

/**
 * The admin service's HTTPS endpoints (hapcd, port 2224 by default). Bodies are JSON with the
 * protocol's mapping ({@link io.hapc.admin.protocol.ProtocolJson}); every answer but a token is an
 * {@link io.hapc.admin.protocol.AdminReply}, refusals included (with HTTP 401/403/400).
 */
public final class RemoteApi {
    /** POST {@link AuthRequest} → {@link AuthReply}: the only endpoint reachable without a token. */
    public static final String AUTH = "/remote/auth";
    /** POST an AdminRequest with `Authorization: Bearer TOKEN` → its AdminReply, as over the local socket. */
    public static final String ADMIN = "/remote/admin";
    /** POST with the token to revoke it (`hapc host deauth`). */
    public static final String DEAUTH = "/remote/deauth";

    public static final int DEFAULT_PORT = 2224;
    public static final String BEARER = "Bearer ";

    private RemoteApi() {}

    /** A user's name and password, checked against the node's hapc password store. */
    public record AuthRequest(String user, String password) {
        @Override
        public String toString() {
            return "AuthRequest[user=" + user + ", password=(hidden)]";
        }
    }

    /** A token for `user` on `node`, valid until `expiresAt` (ISO-8601 instant). */
    public record AuthReply(String node, String user, String token, String expiresAt) {
        @Override
        public String toString() {
            return "AuthReply[node=" + node + ", user=" + user + ", token=(hidden), expiresAt=" + expiresAt + "]";
        }
    }
}
