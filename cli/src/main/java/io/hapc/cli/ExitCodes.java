package io.hapc.cli;

import picocli.CommandLine;

/**
 * Exit codes of the hapc command, a contract for scripts:
 * 0 ok, 2 usage error (picocli), 3 invalid input (CIB, rule file, argument value),
 * 4 engine failure, 5 an agent or system call failed, 1 anything unexpected.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int UNEXPECTED = 1;
    public static final int USAGE = 2;
    public static final int INVALID_INPUT = 3;
    public static final int ENGINE_FAILURE = 4;
    public static final int SYSTEM_FAILURE = 5;
    /** Refused by the cluster's ACLs (enable-acl=true): the message names the role and the permission missing. */
    public static final int PERMISSION_DENIED = 6;

    private ExitCodes() {}

    /** Thrown by commands to exit with a specific code and a one-line error message. */
    public static final class CommandFailure extends RuntimeException {
        private final int exitCode;

        public CommandFailure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        public CommandFailure(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    static final class ExceptionMapper implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
            if (ex instanceof CommandFailure f) {
                cmd.getErr().println("error: " + f.getMessage());
                return f.exitCode();
            }
            cmd.getErr().println("error: unexpected failure: " + ex);
            if (System.getenv("HAPC_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return UNEXPECTED;
        }
    }
}
