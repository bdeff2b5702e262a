package io.hapc.admin.protocol;

import java.io.IOException;

/**
 * The daemon took the request and closed the connection before it answered (it stopped, or its host went down,
 * meanwhile). Unlike a daemon that cannot be reached, the request may have been carried out.
 */
public final class NoReplyException extends IOException {
    public NoReplyException(String message) {
        super(message);
    }

    public NoReplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
