package io.hapc.cli.daemon;

import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that changes the cluster: it maps its arguments to one {@link CibEdit} (pure, tested
 * without a daemon), sends it to hapcd, and prints the daemon's answer — the message on stdout, or
 * on stderr when refused — exiting with the daemon's exit code.
 */
public abstract class EditCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Mixin
    protected DaemonOptions daemon;

    /** The edit these arguments ask for. Throws CommandFailure (exit 3) for arguments that make no edit. */
    public abstract CibEdit edit();

    /** Fills in what only the daemon knows (e.g. "this node"); most edits are complete as mapped. */
    protected CibEdit complete(CibEdit edit) {
        return edit;
    }

    @Override
    public Integer call() {
        CibEdit edit = complete(edit());
        return print(spec, daemon.call(new AdminRequest.Edit(edit)));
    }

    /** Prints a daemon reply the way every cluster command does and returns the exit code. */
    public static int print(CommandSpec spec, AdminReply reply) {
        if (reply.ok()) {
            PrintWriter out = spec.commandLine().getOut();
            if (reply.message() != null && !reply.message().isBlank()) out.println(reply.message());
            out.flush();
            return reply.exitCode();
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: "
                + (reply.message() == null || reply.message().isBlank() ? "refused by hapcd" : reply.message()));
        err.flush();
        return reply.exitCode() == 0 ? ExitCodes.UNEXPECTED : reply.exitCode();
    }
}
