package io.hapc.admin.protocol;

import java.io.IOException;

/** A way to one daemon's admin requests: its local Unix socket, or its remote admin service (HTTPS, by token). */
public interface AdminChannel {
    AdminReply call(AdminRequest request) throws IOException;

    /** Where the requests go, for error messages ("hapcd at /run/hapc/hapcd.sock", "node1 (10.0.0.1:2224)"). */
    String describe();
}
