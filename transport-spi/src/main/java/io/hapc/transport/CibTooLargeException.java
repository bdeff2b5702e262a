package io.hapc.transport;

/**
 * A CIB write was refused before anything was written: the CIB, or the part of it the store keeps
 * in one piece, is bigger than the store can hold. Retrying the same CIB does not help; the change
 * that made it so big must be refused (the message names the limit and what was over it).
 */
public final class CibTooLargeException extends TransportException {
    private final long size;
    private final long limit;

    public CibTooLargeException(String message, long size, long limit) {
        super(message);
        this.size = size;
        this.limit = limit;
    }

    /** The size of the part that was over the limit, as the store would hold it (compressed). */
    public long size() {
        return size;
    }

    /** The most the store holds in one piece. */
    public long limit() {
        return limit;
    }
}
