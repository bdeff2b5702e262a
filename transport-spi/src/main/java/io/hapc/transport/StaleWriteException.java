package io.hapc.transport;

/**
 * A CIB write was refused because the writer is stale: its leadership epoch is no longer current,
 * or the stored CIB changed since it was read (revision), or the new version is not newer.
 */
public final class StaleWriteException extends TransportException {
    public StaleWriteException(String message) {
        super(message);
    }
}
