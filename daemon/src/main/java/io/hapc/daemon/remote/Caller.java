package io.hapc.daemon.remote;

import java.util.Optional;

/**
 * Who sent an admin request, for the audit log and for what only a local caller may do.
 *
 * @param user the local user (from the socket's peer credentials) or the token's user
 * @param from `local` or the remote address and port
 * @param tokenId the token's id when it came through the admin service
 */
public record Caller(String user, String from, Optional<String> tokenId) {
    public static Caller local(String user) {
        return new Caller(user, "local", Optional.empty());
    }

    public static Caller remote(String user, String address, String tokenId) {
        return new Caller(user, address, Optional.of(tokenId));
    }

    /** Someone not (yet) authenticated, e.g. asking for a token. */
    public static Caller unauthenticated(String claimedUser, String address) {
        return new Caller(claimedUser, address, Optional.empty());
    }

    public boolean isLocal() {
        return from.equals("local");
    }
}
