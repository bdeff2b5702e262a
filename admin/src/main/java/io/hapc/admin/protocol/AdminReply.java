package io.hapc.admin.protocol;

import java.util.Optional;

/**
 * The daemon's answer. exitCode follows the CLI's exit codes (0 ok, 3 invalid input, 4 engine,
 * 5 system); message is what the CLI prints (on stderr when not ok); cibXml comes with get-cib and
 * with a committed edit.
 */
public record AdminReply(
        boolean ok,
        int exitCode,
        String message,
        Optional<String> cibXml,
        Optional<String> dc,
        Optional<String> node,
        Optional<Long> pid,
        Optional<String> connection) {
    public static AdminReply success(String message) {
        return new AdminReply(
                true,
                0,
                message,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public static AdminReply failure(int exitCode, String message) {
        return new AdminReply(
                false,
                exitCode,
                message,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public AdminReply withDc(Optional<String> dcName) {
        return new AdminReply(ok, exitCode, message, cibXml, dcName, node, pid, connection);
    }

    public AdminReply withCib(String xml, Optional<String> dcName) {
        return new AdminReply(ok, exitCode, message, Optional.of(xml), dcName, node, pid, connection);
    }
}
