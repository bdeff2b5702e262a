package io.hapc.transport;

/** The transport could not do what was asked (no connection, store error); the caller may retry later. */
public class TransportException extends Exception {
    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
