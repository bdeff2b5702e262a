package io.hapc.admin.remote;

import java.io.IOException;

/** The node presented another certificate than the one pinned for it: nothing was sent. */
public final class CertificateChangedException extends IOException {
    private final String pinned;
    private final String seen;

    public CertificateChangedException(String node, String address, String pinned, String seen) {
        super("the certificate of " + node + " (" + address + ") has changed: it presented SHA-256 " + seen
                + ", but hapc pinned " + pinned + " when you authenticated to it. Nothing was sent. If the node's "
                + "certificate was remade on purpose (reinstalled, state directory wiped), re-pin it: `hapc host deauth "
                + node + "` then `hapc host auth " + node + "`; otherwise something else answers at that address");
        this.pinned = pinned;
        this.seen = seen;
    }

    public String pinned() {
        return pinned;
    }

    public String seen() {
        return seen;
    }
}
