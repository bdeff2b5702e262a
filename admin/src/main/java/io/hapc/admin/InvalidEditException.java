package io.hapc.admin;

/**
 * An edit the editor refused: the message says what is wrong, where, and how to fix it. The CIB the
 * caller holds is unchanged. exitCode is the CLI's: 3 for invalid input, 4 when the policy engine
 * failed on the edited CIB.
 */
public final class InvalidEditException extends Exception {
    public static final int INVALID_INPUT = 3;
    public static final int ENGINE_FAILURE = 4;

    private final int exitCode;

    public InvalidEditException(String message) {
        this(INVALID_INPUT, message, null);
    }

    public InvalidEditException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
